package io.flowgate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * The state of one step within one execution. {@code attempt} counts from 1; the idempotency
 * key of an attempt is {@code executionId:stepId:attempt}. Every status change checks {@link Transitions}.
 *
 * @param order   1-based position in the definition
 * @param wakeAt  when a waiting step (sleep, retry back-off) is due; null otherwise
 * @param state   step-type private state kept across waits (e.g. a child execution id)
 */
public record StepRun(
        String executionId,
        String stepId,
        int order,
        String name,
        StepStatus status,
        int attempt,
        Instant startedAt,
        Instant endedAt,
        JsonNode outputs,
        String error,
        Instant wakeAt,
        JsonNode state) {

    public static StepRun notStarted(String executionId, String stepId, int order, String name) {
        return new StepRun(executionId, stepId, order, name, StepStatus.NOT_STARTED, 0, null, null, null, null,
                null, null);
    }

    public String idempotencyKey() {
        return executionId + ":" + stepId + ":" + attempt;
    }

    /** The attempt ended ({@code completed} or {@code failure}), or the step was cancelled. */
    public StepRun with(StepStatus newStatus, Instant ended, JsonNode newOutputs, String newError) {
        return new StepRun(executionId, stepId, order, name, next(newStatus), attempt, startedAt, ended, newOutputs,
                newError, null, state);
    }

    /** Its {@code when} was false: it ends without running. */
    public StepRun skipped(Instant at) {
        return new StepRun(executionId, stepId, order, name, next(StepStatus.SKIPPED), attempt, at, at, null, null,
                null, null);
    }

    public StepRun startAttempt(Instant at) {
        return new StepRun(executionId, stepId, order, name, next(StepStatus.IN_PROGRESS), attempt + 1,
                startedAt == null ? at : startedAt, null, null, null, null, state);
    }

    public StepRun waitUntil(Instant until, JsonNode newState) {
        return new StepRun(executionId, stepId, order, name, next(StepStatus.WAITING), attempt, startedAt, null,
                outputs, error, until, newState);
    }

    /** A failed attempt that will be tried again at {@code wake}: waiting, with the error kept for display. */
    public StepRun retryAt(Instant wake, String attemptError) {
        return new StepRun(executionId, stepId, order, name, next(StepStatus.WAITING), attempt, startedAt, null, null,
                attemptError, wake, state);
    }

    /** A waiting step called again for the same attempt (its timer came, or it was woken). */
    public StepRun resumed() {
        return new StepRun(executionId, stepId, order, name, next(StepStatus.IN_PROGRESS), attempt, startedAt, null,
                outputs, null, null, state);
    }

    /** Reset by a retry of its execution: not started, no attempts, nothing kept. */
    public StepRun reset() {
        if (status != StepStatus.NOT_STARTED) {
            next(StepStatus.NOT_STARTED);
        }
        return notStarted(executionId, stepId, order, name);
    }

    private StepStatus next(StepStatus to) {
        return Transitions.require(status, to);
    }

    public Long durationMillis() {
        return startedAt == null || endedAt == null ? null : endedAt.toEpochMilli() - startedAt.toEpochMilli();
    }
}
