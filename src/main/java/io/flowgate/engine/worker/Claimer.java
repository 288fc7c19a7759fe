package io.flowgate.engine.worker;

import io.flowgate.core.Waiter;
import io.flowgate.store.ExecutionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop that finds work this node did not start itself: timers that came due (sleeps, retry
 * back-offs, schedule slots), executions whose lease expired (a node died), work released at another
 * node's shutdown. It sleeps until the
 * earliest timer in the store, at most one poll interval, and is woken early when this node parks
 * an execution with an earlier timer or another node signals work ({@link RemoteChanges}); the poll is
 * the fallback for a lost signal. It never dies: a failed pass is logged and retried.
 */
final class Claimer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Claimer.class);
    /** Large enough that a burst of schedule slots due at one instant is claimed in a few statements. */
    static final int BATCH = 4_096;

    private final ExecutionStore store;
    private final EngineSettings settings;
    private final Clock clock;
    private final Consumer<String> dispatch;
    private final Consumer<List<String>> admit;
    private final Waiter waiter = new Waiter();
    private volatile Instant plannedWake = Instant.MAX;
    private volatile boolean running = true;

    Claimer(ExecutionStore store, EngineSettings settings, Clock clock, Consumer<String> dispatch,
            Consumer<List<String>> admit) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.dispatch = dispatch;
        this.admit = admit;
    }

    @Override
    public void run() {
        while (running) {
            try {
                if (claimDue() == BATCH) {
                    continue; // a backlog: keep claiming before sleeping
                }
                Duration sleep = settings.pollInterval();
                Optional<Instant> next = store.nextWakeAt();
                if (next.isPresent()) {
                    Duration untilNext = Duration.between(clock.instant(), next.get());
                    if (untilNext.compareTo(sleep) < 0) {
                        sleep = untilNext.isNegative() ? Duration.ofMillis(1) : untilNext;
                    }
                }
                plannedWake = clock.instant().plus(sleep);
                waiter.await(sleep);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("Claim loop failed; retrying", e);
                try {
                    waiter.await(settings.pollInterval());
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** One claim-and-dispatch pass; returns how many executions it claimed. */
    int claimDue() {
        Instant now = clock.instant();
        List<ExecutionStore.Claimed> claimed = store.claim(settings.token(), now, now.plus(settings.lease()), BATCH);
        List<String> deferred = new java.util.ArrayList<>();
        for (ExecutionStore.Claimed c : claimed) {
            if (c.deferred()) {
                deferred.add(c.id());
            } else {
                dispatch.accept(c.id());
            }
        }
        if (!deferred.isEmpty()) {
            admit.accept(deferred);
        }
        return claimed.size();
    }

    /** Something may be due before the loop planned to look again. */
    void wakeIfBefore(Instant due) {
        if (due != null && due.isBefore(plannedWake)) {
            waiter.wake();
        }
    }

    void wake() {
        waiter.wake();
    }

    void stop() {
        running = false;
        waiter.wake();
    }
}
