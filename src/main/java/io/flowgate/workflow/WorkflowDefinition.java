package io.flowgate.workflow;

import java.util.List;
import java.util.Optional;

/**
 * A parsed, validated workflow document (SPEC §2). Immutable; a saved copy of it is a
 * {@link WorkflowRevision}.
 */
public record WorkflowDefinition(
        String id,
        String name,
        String team,
        String description,
        Triggers triggers,
        List<StepDefinition> steps) {

    public static final String DEFAULT_TEAM = "default";

    public WorkflowDefinition {
        steps = List.copyOf(steps);
    }

    public Optional<StepDefinition> step(String stepId) {
        return steps.stream().filter(s -> s.id().equals(stepId)).findFirst();
    }
}
