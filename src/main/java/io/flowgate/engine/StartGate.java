package io.flowgate.engine;

import java.util.List;

/**
 * Decides about executions created ahead of their start: a schedule's next slot is stored as a
 * {@linkplain Execution#deferred() deferred} execution whose {@code wakeAt} is the slot, so it waits on the
 * engine's one durable timer, like a sleep step or a retry back-off. When the timer comes due, the node that
 * claimed it asks the gate (the scheduler) whether it runs now; the gate applies its policies and arms the next
 * slot in the same commit.
 */
public interface StartGate {

    /** What to do with a deferred execution that came due. */
    sealed interface Admission {}

    /** Run it now (the gate has made it startable), and start {@code alsoRun} too (slots caught up on). */
    record Run(List<String> alsoRun) implements Admission {}

    /** Do not run it: the gate removed it or set its timer again. {@code alsoRun} still start. */
    record Hold(List<String> alsoRun) implements Admission {}

    /**
     * Called on the node that holds the lease of {@code execution}, which is deferred and due.
     * Implementations change it only while that lease holds.
     */
    Admission admit(Execution execution);

    /** A deferred execution was cancelled before it came due (a person skipped that slot). */
    void cancelled(Execution execution);

    /** No gate: nothing is ever deferred. */
    StartGate NONE = new StartGate() {
        @Override
        public Admission admit(Execution execution) {
            return new Hold(List.of());
        }

        @Override
        public void cancelled(Execution execution) {}
    };
}
