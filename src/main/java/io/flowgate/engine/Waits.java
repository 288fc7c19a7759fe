package io.flowgate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the waiting step types ({@code wait-for-event}, {@code approval}) and {@code emit-event} need from
 * the event side, lent through {@code StepServices.waits()}. Implemented outside the engine (the event
 * trigger package), so the engine does not depend on how events are stored or matched. A wait belongs to
 * one start of one step: {@code run} names it (a retry from the step is a new start).
 */
public interface Waits {

    /**
     * Starts waiting for an event of {@code type} (exact, or a trailing {@code .*} wildcard) whose
     * {@code correlation} (JSONata over {@code event} and the run's data pills {@code data}; null: any event)
     * holds.
     * Durable on return; from then on a matching event resolves the wait and wakes the execution. With a
     * {@code lookback}, events already received within it are searched too, oldest first. The answer is
     * what resolved the wait already, if anything: a looked-back event, or — when this same attempt
     * registered before a crash — whatever resolved it meanwhile.
     */
    Optional<JsonNode> awaitEvent(Execution execution, StepRun run, JsonNode data, String type, String source,
                                  String correlation, Duration lookback);

    /**
     * Starts waiting for a decision; {@code approvers} (key names or roles) may be empty: any operator;
     * {@code message} (may be null) is what the people deciding are shown. The answer is the decision
     * already taken, when this same attempt registered before a crash.
     */
    Optional<JsonNode> awaitDecision(Execution execution, StepRun run, List<String> approvers, String message);

    /** What resolved the wait (the event, the decision, a timeout), if anything has. */
    Optional<JsonNode> resolution(String executionId, String stepId);

    /**
     * Resolves the wait with {@code outputs} (a timeout) unless something resolved it first; returns the
     * resolution that holds — {@code outputs}, or the event or decision that came first.
     */
    JsonNode resolveNow(String executionId, String stepId, JsonNode outputs);

    /**
     * Publishes a CloudEvent into the event intake under a stable id (repeating the call for the same step
     * attempt publishes nothing new). {@code event}: {@code {type, subject?, data?}}.
     */
    String emit(Execution execution, String eventId, JsonNode event);
}
