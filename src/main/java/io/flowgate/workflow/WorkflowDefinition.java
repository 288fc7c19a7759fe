package io.flowgate.workflow;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A parsed, validated workflow document (docs/workflows.md). Immutable; a saved copy of it is a
 * {@link WorkflowRevision}.
 *
 * @param webhooks workflow-level outbound subscriptions (docs/webhooks-outbound.md), {@code on:
 *                 execution.completed | execution.failed}; same shape as a step's
 * @param retention how long this workflow's finished executions, request log and deliveries are kept
 *                  (docs/workflows.md#retention); null: the node's {@code --retention}
 */
public record WorkflowDefinition(
        String id,
        String name,
        String team,
        String description,
        Triggers triggers,
        List<StepDefinition> steps,
        List<StepWebhook> webhooks,
        Duration retention) {

    public static final String DEFAULT_TEAM = "default";

    public WorkflowDefinition {
        steps = List.copyOf(steps);
        webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
    }

    /** A definition that keeps its history as long as the node's retention says. */
    public WorkflowDefinition(String id, String name, String team, String description, Triggers triggers,
            List<StepDefinition> steps, List<StepWebhook> webhooks) {
        this(id, name, team, description, triggers, steps, webhooks, null);
    }

    /** A definition without workflow-level webhooks. */
    public WorkflowDefinition(String id, String name, String team, String description, Triggers triggers,
            List<StepDefinition> steps) {
        this(id, name, team, description, triggers, steps, List.of());
    }

    public Optional<StepDefinition> step(String stepId) {
        return steps.stream().filter(s -> s.id().equals(stepId)).findFirst();
    }
}
