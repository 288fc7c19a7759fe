package io.flowgate.engine.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.engine.Execution;
import io.flowgate.engine.StepRun;
import io.flowgate.workflow.StepDefinition;
import java.time.Clock;

/**
 * Everything one step attempt may read.
 *
 * @param data     the data-pill context ({@code trigger}, {@code inputs}, {@code steps}, {@code execution},
 *                 {@code workflow}, {@code secrets}) for expressions and templates
 * @param state    what this step saved when it last returned {@link StepResult.Wait}; null on first call
 * @param services engine facilities a step may use (HTTP client, child executions)
 */
public record StepContext(
        Execution execution,
        StepDefinition step,
        StepRun run,
        JsonNode data,
        JsonNode state,
        Clock clock,
        StepServices services) {

    public ObjectNode config() {
        return step.config();
    }

    /** {@code executionId:stepId:attempt}, sent as {@code Idempotency-Key} on outbound calls. */
    public String idempotencyKey() {
        return run.idempotencyKey();
    }

    /**
     * {@code executionId:stepId}, the same for every attempt: the dedupe id of a message that must arrive once
     * however often the step is tried. A retry after a timeout cannot know whether the earlier attempt's message
     * arrived (a broker may confirm it late, or a client may send what it held while reconnecting), so it must
     * send the same id for the broker or the consumer to drop the second copy.
     */
    public String messageKey() {
        return run.executionId() + ":" + run.stepId();
    }
}
