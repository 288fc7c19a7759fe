package io.flowgate.engine.worker;

import io.flowgate.core.LeaseLoss;
import io.flowgate.core.TriggerKind;
import io.flowgate.engine.EngineListener;
import io.flowgate.engine.Execution;
import io.flowgate.engine.StartGate;
import io.flowgate.store.ExecutionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executions created ahead of their start (a schedule's next slot) that this node claimed when they came due:
 * the {@link StartGate} decides which run now, under this node's leases, so two nodes never admit the same one.
 */
final class DeferredStarts {
    private static final Logger LOG = LoggerFactory.getLogger(DeferredStarts.class);
    static final Duration RETRY = Duration.ofSeconds(5);
    /** Only schedules create executions ahead of their start. */
    private static final TriggerKind TRIGGER = TriggerKind.SCHEDULE;

    private final ExecutionStore store;
    /** This node's lease owner token. */
    private final String nodeId;
    private final Clock clock;
    private final EngineListener listener;
    private volatile StartGate gate = StartGate.NONE;
    private volatile LeaseLoss leaseLoss = LeaseLoss.NONE;

    DeferredStarts(ExecutionStore store, String nodeId, Clock clock, EngineListener listener) {
        this.store = store;
        this.nodeId = nodeId;
        this.clock = clock;
        this.listener = listener;
    }

    void gate(StartGate startGate) {
        this.gate = startGate;
    }

    void leaseLoss(LeaseLoss losses) {
        this.leaseLoss = losses;
    }

    /** Returns the ids to run now: admitted ones and runs of slots caught up on, all leased by this node. */
    List<String> admit(List<String> deferred) {
        List<String> run;
        try {
            run = gate.admit(deferred);
        } catch (RuntimeException e) {
            // Held leases are renewed, so a failed admission must give its leases up or the slots would wait forever.
            LOG.error("Admitting {} deferred execution(s) failed; trying again in {}", deferred.size(), RETRY, e);
            Instant retry = clock.instant().plus(RETRY);
            for (String id : deferred) {
                if (!store.deferAgain(id, nodeId, retry)) {
                    leaseLoss.lost(LeaseLoss.Kind.TIMER, id);
                }
            }
            return List.of();
        }
        run.forEach(id -> listener.executionStarted(TRIGGER));
        return run;
    }

    /** A deferred execution was cancelled before it came due. */
    void cancelled(Execution execution) {
        try {
            gate.cancelled(execution);
        } catch (RuntimeException e) {
            LOG.error("The gate of cancelled deferred execution {} failed", execution.id(), e);
        }
    }
}
