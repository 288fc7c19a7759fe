package io.flowgate.engine;

import io.flowgate.workflow.StepDefinition;
import io.flowgate.workflow.WorkflowDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pure heart of the engine: given a definition and the state of every step, what comes next.
 * No I/O, no clock of its own, no threads — unit-tested over plain values.
 */
public final class Decisions {
    private Decisions() {}

    public static Plan plan(WorkflowDefinition definition, Map<String, StepRun> runs, Instant now) {
        List<String> ready = new ArrayList<>();
        List<String> due = new ArrayList<>();
        boolean running = false;
        boolean allDone = true;
        Instant earliestWake = null;
        boolean waitsWithoutTimer = false;
        for (StepDefinition step : definition.steps()) {
            StepRun run = runs.get(step.id());
            StepStatus status = run == null ? StepStatus.NOT_STARTED : run.status();
            if (status == StepStatus.FAILURE) {
                return new Plan(List.of(), List.of(), Plan.Outcome.FAILED, null, step.id());
            }
            if (status.terminal()) {
                continue;
            }
            allDone = false;
            switch (status) {
                case NOT_STARTED -> {
                    if (needsDone(step, runs)) {
                        ready.add(step.id());
                    }
                }
                case IN_PROGRESS -> running = true;
                case WAITING -> {
                    Instant wake = run.wakeAt();
                    if (wake == null) {
                        waitsWithoutTimer = true;
                    } else if (!wake.isAfter(now)) {
                        due.add(step.id());
                    } else if (earliestWake == null || wake.isBefore(earliestWake)) {
                        earliestWake = wake;
                    }
                }
                default -> throw new IllegalStateException("Unhandled step status " + status);
            }
        }
        if (allDone) {
            return new Plan(List.of(), List.of(), Plan.Outcome.COMPLETED, null, null);
        }
        if (!ready.isEmpty() || !due.isEmpty() || running) {
            return new Plan(ready, due, Plan.Outcome.CONTINUE, null, null);
        }
        if (earliestWake != null || waitsWithoutTimer) {
            return new Plan(List.of(), List.of(), Plan.Outcome.WAIT, earliestWake, null);
        }
        // Not-started steps whose needs can never finish cannot exist: validation rejects cycles and
        // unknown needs, and a failed need ends the execution above.
        throw new IllegalStateException("Execution is stuck: no step can run in " + definition.id());
    }

    /** A need is done when it completed or was skipped; a failed need ends the execution instead. */
    static boolean needsDone(StepDefinition step, Map<String, StepRun> runs) {
        for (String need : step.needs()) {
            StepRun run = runs.get(need);
            if (run == null || !(run.status() == StepStatus.COMPLETED || run.status() == StepStatus.SKIPPED)) {
                return false;
            }
        }
        return true;
    }
}
