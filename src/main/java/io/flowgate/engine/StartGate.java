package io.flowgate.engine;

import java.util.List;

/**
 * Decides about executions created ahead of their start: a schedule's next slot is stored as a
 * {@linkplain Execution#deferred() deferred} execution whose {@code wakeAt} is the slot, so it waits on the
 * engine's one durable timer, like a sleep step or a retry back-off. When timers come due, the node that
 * claimed them asks the gate (the scheduler) which run now; the gate applies its policies and arms the next
 * slots in the same commit.
 */
public interface StartGate {

    /**
     * Called on the node that holds the leases of {@code due}, deferred executions whose time came (claimed
     * together, decided together). Returns the ids to run now: those admitted and runs of older slots caught up
     * on, all leased by this node. The gate deletes the others, or sets them to wait again and gives up their
     * lease. If it throws, the engine sets their timers again.
     */
    List<String> admit(List<String> due);

    /** A deferred execution was cancelled before it came due (a person skipped that slot). */
    void cancelled(Execution execution);

    /** No gate: nothing may be deferred (the engine sets a failed admission's timers again). */
    StartGate NONE = new StartGate() {
        @Override
        public List<String> admit(List<String> due) {
            throw new IllegalStateException("No start gate is set for deferred executions " + due);
        }

        @Override
        public void cancelled(Execution execution) {}
    };
}
