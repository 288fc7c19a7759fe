package io.flowgate.engine.worker;

import io.flowgate.core.BadRequestException;
import io.flowgate.engine.StepRun;
import io.flowgate.engine.StepStatus;
import io.flowgate.workflow.StepDefinition;
import io.flowgate.workflow.WorkflowDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Which steps a retry runs again: the chosen step, everything downstream of it, and whatever never finished. */
final class RetryPlan {
    private RetryPlan() {}

    static List<StepRun> stepsToReset(WorkflowDefinition def, List<StepRun> steps, String fromStep) {
        String start = fromStep != null ? fromStep : steps.stream()
                .filter(r -> r.status() == StepStatus.FAILURE).map(StepRun::stepId).findFirst()
                .orElseGet(() -> steps.stream().filter(r -> r.status() != StepStatus.COMPLETED
                        && r.status() != StepStatus.SKIPPED).map(StepRun::stepId).findFirst().orElse(null));
        if (start == null) {
            throw new BadRequestException("nothing_to_retry", "Every step of this execution completed");
        }
        if (def.step(start).isEmpty()) {
            throw new BadRequestException("unknown_step", "The workflow has no step '" + start + "'");
        }
        Set<String> reset = new HashSet<>();
        reset.add(start);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (StepDefinition s : def.steps()) {
                if (!reset.contains(s.id()) && s.needs().stream().anyMatch(reset::contains)) {
                    grew |= reset.add(s.id());
                }
            }
        }
        List<StepRun> out = new ArrayList<>();
        for (StepRun r : steps) {
            boolean unfinished = r.status() != StepStatus.COMPLETED && r.status() != StepStatus.SKIPPED;
            if (reset.contains(r.stepId()) || unfinished) {
                out.add(r.reset());
            }
        }
        return out;
    }
}
