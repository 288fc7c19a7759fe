package io.flowgate.engine.worker;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Acceptance before execution (issue 12, point 5): while the intake is busy (more than {@link #BUSY} webhooks or
 * run requests in flight on this node), drivers run at most {@link #DRIVERS_WHILE_BUSY} passes at once, so the CPU
 * goes to acknowledging and the backlog grows instead of the latency; once the intake is quiet, every driver
 * permit is open again and the backlog drains. Off unless {@code -Dflowgate.acceptanceFirst=true} (or
 * {@code FLOWGATE_ACCEPTANCE_FIRST=true}): measured in bench/burst.sh, see docs/benchmarks.md.
 */
public final class AcceptanceFirst {
    static final boolean ON = Boolean.parseBoolean(System.getProperty("flowgate.acceptanceFirst",
            System.getenv().getOrDefault("FLOWGATE_ACCEPTANCE_FIRST", "false")));
    static final int BUSY = Integer.getInteger("flowgate.acceptanceFirst.busy", 8);
    static final int DRIVERS_WHILE_BUSY = Integer.getInteger("flowgate.acceptanceFirst.drivers", 1);
    private static final AtomicInteger IN_FLIGHT = new AtomicInteger();
    private static final Semaphore WHILE_BUSY = new Semaphore(DRIVERS_WHILE_BUSY);

    private AcceptanceFirst() {
    }

    /** An intake request starts (call {@link #exit()} when it is answered). */
    public static void enter() {
        if (ON) {
            IN_FLIGHT.incrementAndGet();
        }
    }

    public static void exit() {
        if (ON) {
            IN_FLIGHT.decrementAndGet();
        }
    }

    static boolean busy() {
        return ON && IN_FLIGHT.get() > BUSY;
    }

    /** Taken by a driver pass while the intake is busy; false when none was taken (nothing to release). */
    static boolean throttle() throws InterruptedException {
        if (!busy()) {
            return false;
        }
        WHILE_BUSY.acquire();
        return true;
    }

    static void release() {
        WHILE_BUSY.release();
    }
}
