package io.flowgate.engine.worker;

import io.flowgate.engine.Executions.ExecutionView;
import io.flowgate.engine.StepRun;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener of one execution: changes made on this node arrive at once, other nodes' by their signals
 * ({@link RemoteChanges}); a re-read of the store every {@link #RECHECK} catches a change whose signal was
 * lost. Each distinct state is delivered once.
 *
 * <p>Closing wakes the re-reader without interrupting it: a virtual thread interrupted inside a JDBC read closes
 * the connection's socket, and the pool then drops that connection as broken (a WARN with an exception on
 * PostgreSQL whenever a status stream ended during a re-read; found by {@code HttpRouteFuzzTest}).
 */
final class Subscription implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Subscription.class);
    static final Duration RECHECK = Duration.ofMillis(500);

    private final Function<String, Optional<ExecutionView>> store;
    private final ExecutionEvents events;
    private final String executionId;
    private final Consumer<ExecutionView> listener;
    private String lastFingerprint;
    private AutoCloseable local;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean open = true;

    /** @param store reads the execution as it is stored now ({@code Engine.get}) */
    Subscription(Function<String, Optional<ExecutionView>> store, ExecutionEvents events, String executionId,
                 Consumer<ExecutionView> listener) {
        this.store = store;
        this.events = events;
        this.executionId = executionId;
        this.listener = listener;
    }

    Subscription open() {
        local = events.add(executionId, this::deliver);
        Thread.ofVirtual().name("subscription-" + executionId).start(this::recheck);
        return this;
    }

    private void recheck() {
        while (open) {
            try {
                store.apply(executionId).ifPresent(this::deliver);
            } catch (RuntimeException e) {
                LOG.debug("Re-reading execution {} failed", executionId, e);
            }
            try {
                if (closed.await(RECHECK.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void deliver(ExecutionView view) {
        String fp = fingerprint(view);
        if (!open || fp.equals(lastFingerprint)) {
            return;
        }
        lastFingerprint = fp;
        listener.accept(view);
    }

    static String fingerprint(ExecutionView view) {
        StringBuilder sb = new StringBuilder(view.execution().status().wire());
        for (StepRun r : view.steps()) {
            sb.append('|').append(r.stepId()).append(r.status().wire()).append(r.attempt()).append(r.endedAt());
        }
        return sb.toString();
    }

    @Override
    public void close() throws Exception {
        open = false;
        local.close();
        closed.countDown();
    }
}
