package io.flowgate.engine.worker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs claimed executions on virtual threads, at most {@code concurrency} at once, and never the
 * same execution twice at the same time: a dispatch that arrives while its execution is being
 * driven makes the driver go round once more instead of starting a second driver.
 *
 * <p>Work the claim loop found may be a deferred start (a schedule slot): its admission runs before a
 * permit is taken, so a burst of slots due at one instant is admitted at once, not behind the runs of
 * the slots before it.
 */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final Boolean IDLE = Boolean.FALSE;
    private static final Boolean AGAIN = Boolean.TRUE;

    private final Semaphore permits;
    private final Consumer<String> driver;
    private final Predicate<String> admission;
    private final Map<String, Boolean> active = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean open = true;

    Dispatcher(int concurrency, Consumer<String> driver, Predicate<String> admission) {
        this.permits = new Semaphore(concurrency);
        this.driver = driver;
        this.admission = admission;
    }

    /** Drives an execution this node started or admitted itself. */
    void dispatch(String executionId) {
        dispatch(executionId, false);
    }

    /** Drives an execution the claim loop found, once {@code admission} lets it run. */
    void dispatchClaimed(String executionId) {
        dispatch(executionId, true);
    }

    private void dispatch(String executionId, boolean admit) {
        if (!open) {
            return;
        }
        Boolean previous = active.compute(executionId, (k, v) -> v == null ? IDLE : AGAIN);
        if (previous != IDLE) {
            return; // already being driven; it will go round again
        }
        running.incrementAndGet();
        Thread.ofVirtual().name("exec-", 0).start(() -> drive(executionId, admit));
    }

    private void drive(String executionId, boolean admit) {
        try {
            if (admit && !admitted(executionId)) {
                return;
            }
            permits.acquire();
            try {
                do {
                    active.put(executionId, IDLE);
                    try {
                        driver.accept(executionId);
                    } catch (RuntimeException | Error e) {
                        LOG.error("Driving execution {} failed; it resumes when its lease expires", executionId, e);
                    }
                } while (!active.remove(executionId, IDLE) && open);
            } finally {
                permits.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            active.remove(executionId);
            if (running.decrementAndGet() == 0) {
                synchronized (running) {
                    running.notifyAll();
                }
            }
        }
    }

    /** Waits until nothing is being admitted or driven; false on timeout. Tests on a settable clock use it. */
    boolean awaitIdle(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (running) {
            while (running.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                running.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    private boolean admitted(String executionId) {
        try {
            return admission.test(executionId);
        } catch (RuntimeException e) {
            LOG.error("Admitting execution {} failed; it is retried when its lease expires", executionId, e);
            return false;
        }
    }

    boolean isActive(String executionId) {
        return active.containsKey(executionId);
    }

    int running() {
        return running.get();
    }

    /** Stops taking new work; drivers in flight finish their current pass. */
    void close() {
        open = false;
    }
}
