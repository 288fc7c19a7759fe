package io.flowgate.engine;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The legal status changes of executions and of steps, one table each. Every method of {@link Execution} and
 * {@link StepRun} that changes a status checks its table, so an illegal change is a bug that fails loudly where
 * it is made instead of a row that no reader can explain. Changes the store makes in SQL (admitting a deferred
 * execution, setting its timer again) are listed here too.
 */
public final class Transitions {
    private static final Map<ExecutionStatus, Set<ExecutionStatus>> EXECUTION = new EnumMap<>(ExecutionStatus.class);
    private static final Map<StepStatus, Set<StepStatus>> STEP = new EnumMap<>(StepStatus.class);

    static {
        // A new run: a worker starts it, or it is cancelled before one does.
        execution(ExecutionStatus.NOT_STARTED, ExecutionStatus.IN_PROGRESS, ExecutionStatus.CANCELLED);
        execution(ExecutionStatus.IN_PROGRESS, ExecutionStatus.WAITING, ExecutionStatus.COMPLETED,
                ExecutionStatus.FAILURE, ExecutionStatus.CANCELLED);
        // Parked on a timer or a child run: resumed when due. A deferred start (a schedule slot, waiting but not
        // started) is admitted to NOT_STARTED, or its timer is set again (WAITING → WAITING).
        execution(ExecutionStatus.WAITING, ExecutionStatus.IN_PROGRESS, ExecutionStatus.NOT_STARTED,
                ExecutionStatus.WAITING, ExecutionStatus.CANCELLED);
        execution(ExecutionStatus.COMPLETED);
        // A retry re-opens a failed or cancelled execution.
        execution(ExecutionStatus.FAILURE, ExecutionStatus.NOT_STARTED);
        execution(ExecutionStatus.CANCELLED, ExecutionStatus.NOT_STARTED);

        // A step that is due runs, is skipped by its `when`, or is cancelled with its execution.
        step(StepStatus.NOT_STARTED, StepStatus.IN_PROGRESS, StepStatus.SKIPPED, StepStatus.CANCELLED);
        // An attempt ends, waits (a sleep, a child run, a retry back-off), or is cancelled.
        step(StepStatus.IN_PROGRESS, StepStatus.COMPLETED, StepStatus.FAILURE, StepStatus.WAITING,
                StepStatus.CANCELLED);
        // Called again when due (the same attempt, or the next one after a back-off).
        step(StepStatus.WAITING, StepStatus.IN_PROGRESS, StepStatus.CANCELLED);
        // A retry of the execution resets the step it starts from, everything after it, and what never finished.
        step(StepStatus.COMPLETED, StepStatus.NOT_STARTED);
        step(StepStatus.FAILURE, StepStatus.NOT_STARTED);
        step(StepStatus.SKIPPED, StepStatus.NOT_STARTED);
        step(StepStatus.CANCELLED, StepStatus.NOT_STARTED);
    }

    private Transitions() {}

    public static boolean allowed(ExecutionStatus from, ExecutionStatus to) {
        return EXECUTION.get(from).contains(to);
    }

    public static boolean allowed(StepStatus from, StepStatus to) {
        return STEP.get(from).contains(to);
    }

    /** @throws IllegalStateException when the table does not allow {@code from → to} */
    public static ExecutionStatus require(ExecutionStatus from, ExecutionStatus to) {
        if (!allowed(from, to)) {
            throw new IllegalStateException("An execution cannot go from " + from.wire() + " to " + to.wire());
        }
        return to;
    }

    /** @throws IllegalStateException when the table does not allow {@code from → to} */
    public static StepStatus require(StepStatus from, StepStatus to) {
        if (!allowed(from, to)) {
            throw new IllegalStateException("A step cannot go from " + from.wire() + " to " + to.wire());
        }
        return to;
    }

    private static void execution(ExecutionStatus from, ExecutionStatus... to) {
        EXECUTION.put(from, to.length == 0 ? EnumSet.noneOf(ExecutionStatus.class) : EnumSet.of(to[0], to));
    }

    private static void step(StepStatus from, StepStatus... to) {
        STEP.put(from, to.length == 0 ? EnumSet.noneOf(StepStatus.class) : EnumSet.of(to[0], to));
    }
}
