package io.flowgate.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Steps waiting for an event or a decision (wait-for-event, approval). A wait is resolved once: the first
 * resolution (an event, a decision, the timeout) wins and the others find it taken.
 */
public interface WaitStore {

    /**
     * One waiting step.
     *
     * @param kind        {@code event} or {@code approval}
     * @param attempt     which start of the step registered it (a retry from the step is a new one)
     * @param context     the run's data pills when it started waiting (secrets left out), for the correlation
     * @param keyPath     with {@code keyValue}: the indexed part of the correlation (see the events migration)
     * @param resolution  the step's outputs once resolved (the event, the decision, {@code {timedOut: true}})
     */
    record Wait(String executionId, String stepId, String team, String workflowId, String kind, String attempt,
                String eventType,
                String eventSource, String correlation, JsonNode context, String keyPath, String keyValue,
                List<String> approvers, Instant createdAt, Instant resolvedAt, JsonNode resolution) {}

    /**
     * Starts a wait, unresolved; for a wait registered before under the same {@code attempt} (the step
     * resumed after a crash) nothing changes, so what resolved it meanwhile stays.
     */
    void upsert(Wait wait);

    Optional<Wait> find(String executionId, String stepId);

    /** Whether any unresolved event wait is on one of {@code types}. */
    boolean anyOpen(List<String> types);

    /** Unresolved event waits on one of {@code types} whose key path is set: their distinct key paths. */
    List<String> keyPaths(List<String> types);

    /**
     * Unresolved event waits on one of {@code types} that either have no key (their correlation must be
     * evaluated) or whose key is one of {@code keys} (path, value).
     */
    List<Wait> candidates(List<String> types, List<Key> keys);

    record Key(String path, String value) {}

    /** One resolution to apply; {@code wake}: tell the waiting execution (false when the step resolves itself). */
    record Resolution(String executionId, String stepId, JsonNode outputs, boolean wake) {}

    /**
     * Applies every resolution whose wait is still open, in one commit, and makes each woken execution due at
     * {@code at}; returns the resolutions that won.
     */
    List<Resolution> resolve(List<Resolution> resolutions, Instant at);

    /** Waits resolved whose execution could not be woken yet (it was still running); wakes the ones now waiting. */
    int wakeResolved(Instant at);

    /**
     * Approval steps waiting for a decision, of runs still going, oldest first; {@code teams} null for every
     * team. Their {@code context} holds {@code {message}}.
     */
    default List<Wait> openApprovals(List<String> teams, int limit) {
        return openApprovals(teams, null, limit);
    }

    /** As {@link #openApprovals(List, int)}, of one execution only when {@code executionId} is not null. */
    List<Wait> openApprovals(List<String> teams, String executionId, int limit);

    /** Unresolved waits (the waiting-steps gauge). */
    long countOpen();
}
