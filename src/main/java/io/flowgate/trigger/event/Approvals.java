package io.flowgate.trigger.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.ConflictException;
import io.flowgate.core.ForbiddenException;
import io.flowgate.core.Json;
import io.flowgate.store.WaitStore;
import io.flowgate.store.WaitStore.Resolution;
import io.flowgate.store.WaitStore.Wait;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Decisions on {@code approval} steps (docs/events.md#approval): the first decision resolves the step's wait and wakes its
 * run in one commit; any later one is a conflict. When the step names {@code approvers}, only a key with
 * one of those names or roles may decide.
 */
public final class Approvals {
    private final WaitStore waits;
    private final Clock clock;
    private final Runnable executionsWoken;

    /** Who decides: the API key's name and role. */
    public record Decider(String name, String role) {}

    /** An approval step waiting for a decision. */
    public record Pending(String executionId, String stepId, String team, String workflowId, String message,
                          List<String> approvers, Instant since) {}

    public Approvals(WaitStore waits, Clock clock, Runnable executionsWoken) {
        this.waits = waits;
        this.clock = clock;
        this.executionsWoken = executionsWoken;
    }

    /**
     * Records the decision; returns the step's outputs-to-be {@code {decision, by, at, comment}}.
     * {@code stepWaits}: the run and its step are still waiting (not ended, not cancelled).
     */
    public ObjectNode decide(String executionId, String stepId, boolean stepWaits, boolean approve, Decider by,
                             String comment) {
        Optional<Wait> found = waits.find(executionId, stepId).filter(w -> w.kind().equals("approval"));
        if (found.isEmpty()) {
            throw new ConflictException("not_awaiting_decision", "Step '" + stepId + "' of execution " + executionId
                    + " is not waiting for an approval");
        }
        Wait wait = found.get();
        if (wait.resolvedAt() != null) {
            throw alreadyDecided(stepId, wait.resolution());
        }
        if (!stepWaits) {
            throw new ConflictException("not_awaiting_decision", "Step '" + stepId + "' of execution " + executionId
                    + " no longer waits: the execution ended");
        }
        List<String> approvers = wait.approvers() == null ? List.of() : wait.approvers();
        if (!approvers.isEmpty() && !approvers.contains(by.name()) && !approvers.contains(by.role())) {
            throw new ForbiddenException("Only " + String.join(", ", approvers) + " may decide on step '" + stepId
                    + "'");
        }
        ObjectNode outputs = Json.object();
        outputs.put("decision", approve ? "approved" : "rejected");
        outputs.put("by", by.name());
        outputs.put("at", clock.instant().toString());
        if (comment == null) {
            outputs.putNull("comment");
        } else {
            outputs.put("comment", comment);
        }
        if (waits.resolve(List.of(new Resolution(executionId, stepId, outputs, true)), clock.instant()).isEmpty()) {
            throw alreadyDecided(stepId, waits.find(executionId, stepId).map(Wait::resolution).orElse(null));
        }
        executionsWoken.run();
        return outputs;
    }

    /**
     * Approval steps waiting for a decision, oldest first; {@code teams} null for every team, {@code executionId}
     * null for every run.
     */
    public List<Pending> pending(List<String> teams, String executionId, int limit) {
        return waits.openApprovals(teams, executionId, limit).stream().map(w -> new Pending(w.executionId(), w.stepId(), w.team(),
                w.workflowId(), w.context() == null ? null : w.context().path("message").asText(null),
                w.approvers() == null ? List.of() : w.approvers(), w.createdAt())).toList();
    }

    private static ConflictException alreadyDecided(String stepId, JsonNode resolution) {
        String what = resolution == null ? "decided" : resolution.path("timedOut").asBoolean(false) ? "timed out"
                : resolution.path("decision").asText("decided") + " by " + resolution.path("by").asText("someone");
        return new ConflictException("already_decided", "Step '" + stepId + "' was already " + what);
    }
}
