package io.flowgate.delivery;

import java.time.Duration;

/** Lets the worker loop sleep until a deadline and be woken early when deliveries are committed. */
final class Wakeup {
    private final Object lock = new Object();
    private boolean woken;

    void await(Duration max) throws InterruptedException {
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

    void wake() {
        synchronized (lock) {
            woken = true;
            lock.notifyAll();
        }
    }
}
