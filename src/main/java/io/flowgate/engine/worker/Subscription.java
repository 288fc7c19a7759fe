package io.flowgate.engine.worker;

import io.flowgate.engine.Executions.ExecutionView;
import io.flowgate.engine.StepRun;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener of one execution: changes made on this node arrive at once, other nodes' by their signals
 * ({@link RemoteChanges}); a re-read of the store every {@link #RECHECK} catches a change whose signal was
 * lost. Each distinct state is delivered once.
 */
final class Subscription implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Subscription.class);
    static final Duration RECHECK = Duration.ofMillis(500);

    private final Engine engine;
    private final ExecutionEvents events;
    private final String executionId;
    private final Consumer<ExecutionView> listener;
    private String lastFingerprint;
    private AutoCloseable local;
    private Thread poller;
    private volatile boolean open = true;

    Subscription(Engine engine, ExecutionEvents events, String executionId, Consumer<ExecutionView> listener) {
        this.engine = engine;
        this.events = events;
        this.executionId = executionId;
        this.listener = listener;
    }

    Subscription open() {
        local = events.add(executionId, this::deliver);
        poller = Thread.ofVirtual().name("subscription-" + executionId).start(this::recheck);
        return this;
    }

    private void recheck() {
        while (open) {
            try {
                engine.get(executionId).ifPresent(this::deliver);
                Thread.sleep(RECHECK);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.debug("Re-reading execution {} failed", executionId, e);
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
        poller.interrupt();
    }
}
