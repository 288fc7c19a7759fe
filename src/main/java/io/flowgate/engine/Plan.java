package io.flowgate.engine;

import java.time.Instant;
import java.util.List;

/**
 * What the engine should do next with one execution, as decided by {@link Decisions} from its
 * definition and step states alone.
 *
 * @param ready    steps whose needs are all done: evaluate {@code when}, then run (or skip)
 * @param due      waiting steps whose timer has come: call again
 * @param outcome  what the execution as a whole comes to when nothing is ready, due or running
 * @param wakeAt   for {@link Outcome#WAIT}: the earliest timer among waiting steps (null: woken by an event)
 */
public record Plan(List<String> ready, List<String> due, Outcome outcome, Instant wakeAt, String failedStep) {

    public enum Outcome {
        /** Steps are ready, due or still running: keep going. */
        CONTINUE,
        /** Only waiting steps remain: park the execution until {@code wakeAt}. */
        WAIT,
        /** Every step finished and none failed. */
        COMPLETED,
        /** A step failed for good. */
        FAILED
    }

    public Plan {
        ready = List.copyOf(ready);
        due = List.copyOf(due);
    }

    public boolean hasWork() {
        return !ready.isEmpty() || !due.isEmpty();
    }
}
