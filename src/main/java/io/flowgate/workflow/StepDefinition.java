package io.flowgate.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;

/**
 * One entry of {@code steps:}. Fields every step has are typed here; the fields of its step
 * type (e.g. {@code output} for transform, {@code request} for http) stay in {@link #config()}
 * and are read by the step type itself.
 *
 * @param needs   ids this step waits for, already resolved by the parser so the engine only reads
 *                it: a step written without {@code needs} waits for the step listed before it
 *                (sequential by default, docs/workflows.md#order-and-parallelism); empty means it may start at once
 * @param when    JSONata; the step is skipped when it evaluates false. Null when absent
 * @param timeout null when absent
 */
public record StepDefinition(
        String id,
        String name,
        String type,
        List<String> needs,
        String when,
        RetryPolicy retry,
        Duration timeout,
        List<StepWebhook> webhooks,
        ObjectNode config) {

    public StepDefinition {
        needs = List.copyOf(needs);
        webhooks = List.copyOf(webhooks);
        if (retry == null) {
            retry = RetryPolicy.NONE;
        }
    }

    public String displayName() {
        return name == null || name.isBlank() ? id : name;
    }
}
