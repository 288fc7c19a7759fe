package io.flowgate.engine.worker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs claimed executions on virtual threads, at most {@code concurrency} at once, and never the
 * same execution twice at the same time: a dispatch that arrives while its execution is being
 * driven makes the driver go round once more instead of starting a second driver.
 */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final Boolean IDLE = Boolean.FALSE;
    private static final Boolean AGAIN = Boolean.TRUE;

    private final Semaphore permits;
    private final Consumer<String> driver;
    private final Map<String, Boolean> active = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean open = true;

    Dispatcher(int concurrency, Consumer<String> driver) {
        this.permits = new Semaphore(concurrency);
        this.driver = driver;
    }

    void dispatch(String executionId) {
        if (!open) {
            return;
        }
        Boolean previous = active.compute(executionId, (k, v) -> v == null ? IDLE : AGAIN);
        if (previous != IDLE) {
            return; // already being driven; it will go round again
        }
        running.incrementAndGet();
        Thread.ofVirtual().name("exec-", 0).start(() -> drive(executionId));
    }

    private void drive(String executionId) {
        try {
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
            running.decrementAndGet();
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
