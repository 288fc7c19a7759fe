package io.flowgate.engine.worker;

import io.flowgate.engine.Execution;
import io.flowgate.engine.Executions.ExecutionView;
import io.flowgate.engine.StepRun;
import io.flowgate.workflow.StepDefinition;
import io.flowgate.workflow.WorkflowDefinition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the status view. Step rows are written only once a step starts, so steps that have not
 * started yet are filled in from the definition as {@code notstarted}.
 */
final class Views {
    private Views() {}

    static ExecutionView of(Execution execution, Collection<StepRun> stored, WorkflowDefinition definition) {
        Map<String, StepRun> byId = new HashMap<>();
        stored.forEach(r -> byId.put(r.stepId(), r));
        List<StepRun> steps = new ArrayList<>();
        List<StepDefinition> defs = definition.steps();
        for (int i = 0; i < defs.size(); i++) {
            StepDefinition d = defs.get(i);
            StepRun r = byId.get(d.id());
            steps.add(r != null ? r : StepRun.notStarted(execution.id(), d.id(), i + 1, d.displayName()));
        }
        steps.sort(Comparator.comparingInt(StepRun::order));
        return new ExecutionView(execution, steps);
    }
}
