package io.flowgate.trigger.schedule;

import java.time.Duration;

/** Lets the scheduler loop sleep until its next timer and be woken early when schedules change. */
final class Wakeup {
    private final Object lock = new Object();
    private boolean woken;

    void await(Duration max) throws InterruptedException {
        long millis = Math.max(1, max.toMillis());
        synchronized (lock) {
            long deadline = System.currentTimeMillis() + millis;
            while (!woken) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    break;
                }
                lock.wait(left);
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
