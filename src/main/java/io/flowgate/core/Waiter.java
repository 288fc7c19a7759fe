package io.flowgate.core;

import java.time.Duration;

/**
 * Lets a background loop sleep until a deadline and be woken early when new work arrives, so work
 * starts at once instead of at the next poll. A wake-up that comes while the loop is busy is kept
 * and ends its next wait immediately.
 */
public final class Waiter {
    private final Object lock = new Object();
    private boolean woken;

    public void await(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + Math.max(1, max.toNanos());
        synchronized (lock) {
            while (!woken) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            woken = false;
        }
    }

    public void wake() {
        synchronized (lock) {
            woken = true;
            lock.notifyAll();
        }
    }
}
