package io.flowgate.engine.worker;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs claimed executions on virtual threads, at most {@code concurrency} at once, and never the
 * same execution twice at the same time: a dispatch that arrives while its execution is being
 * driven makes the driver go round once more instead of starting a second driver.
 *
 * <p>Deferred starts (schedule slots) the claim loop found are admitted in batches on their own
 * virtual threads, before any permit is taken, so a burst of slots due at one instant is admitted
 * together rather than one by one behind the runs of the slots before it.
 */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final Boolean IDLE = Boolean.FALSE;
    private static final Boolean AGAIN = Boolean.TRUE;

    private final Semaphore permits;
    private final Consumer<String> driver;
    private final Function<List<String>, List<String>> admission;
    private final Map<String, Boolean> active = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean open = true;

    Dispatcher(int concurrency, Consumer<String> driver, Function<List<String>, List<String>> admission) {
        this.permits = new Semaphore(concurrency);
        this.driver = driver;
        this.admission = admission;
    }

    /** Drives an execution this node holds; false when the dispatcher is closed and drops it. */
    boolean dispatch(String executionId) {
        if (!open) {
            return false;
        }
        Boolean previous = active.compute(executionId, (k, v) -> v == null ? IDLE : AGAIN);
        if (previous != IDLE) {
            return true; // already being driven; it will go round again
        }
        running.incrementAndGet();
        Thread.ofVirtual().name("exec-", 0).start(() -> drive(executionId));
        return true;
    }

    /** Admits claimed deferred starts together, then drives those that run now. */
    void admitThenDispatch(List<String> deferred) {
        if (!open) {
            return;
        }
        running.incrementAndGet();
        Thread.ofVirtual().name("admit-", 0).start(() -> {
            try {
                admission.apply(deferred).forEach(this::dispatch);
            } catch (RuntimeException e) {
                LOG.error("Admitting {} deferred execution(s) failed; they are retried when their leases expire",
                        deferred.size(), e);
            } finally {
                finished();
            }
        });
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
                        // The engine drives a run again after a store failure itself; what gets here is an Error or a bug.
                        LOG.error("Driving execution {} failed; it resumes when this node restarts or loses its lease",
                                executionId, e);
                    }
                } while (!active.remove(executionId, IDLE) && open);
            } finally {
                permits.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            active.remove(executionId);
            finished();
        }
    }

    private void finished() {
        if (running.decrementAndGet() == 0) {
            synchronized (running) {
                running.notifyAll();
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

    /** Whether a new dispatch would start driving at once rather than wait for a permit. */
    boolean hasRoom() {
        return permits.availablePermits() > 0;
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
