package io.flowgate.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.engine.Execution;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Schedules and their timers. A schedule's timer is not kept here: its next slot is a deferred execution
 * (waiting, not started, {@code wakeAt} = the slot) on the engine's durable timer, and {@code armedId} names
 * it. Every change of a schedule and of its armed execution commits together, guarded by {@code armedId}, so
 * a slot is fired, skipped or re-armed by one node exactly once.
 */
public interface ScheduleStore {

    /**
     * A schedule a workflow revision declares: id, position in the list, entry, first slot from now, and the
     * deferred execution that would fire that slot (null when the schedule has no slot left).
     */
    record Declared(String id, int index, JsonNode spec, Instant nextFireAt, Execution armed) {}

    /**
     * Makes the workflow's schedules exactly {@code declared}, in one commit: new ones are added and armed;
     * those whose spec changed get the new spec and are re-armed (unless paused), keeping their history;
     * unchanged ones are left alone (armed if they have a slot but no timer, as after an upgrade); the rest
     * are removed. Timers of removed or changed schedules are deleted unless a node is admitting them right
     * now (its admission then finds the schedule no longer armed with it, and drops it).
     */
    void replace(String team, String workflowId, List<Declared> declared, Instant now);

    /** Removes the schedules (and their unstarted timers) of every workflow not in {@code keep} ({@code team/id}). */
    int retainWorkflows(Set<String> keep, Instant now);

    /** The schedules whose next slots are the given deferred executions, by execution id. */
    java.util.Map<String, ScheduleState> findArmed(List<String> executionIds);

    /** What one due slot's admission adds to the schedule's record (runs that started are counted by the store). */
    record Outcome(Instant lastSlot, Instant lastFiredAt, String lastExecutionId, Long lastLatenessMs, int missed,
                   int skipped) {}

    /**
     * One due timer's admission: the deferred execution {@code executionId} (held by the caller) is started
     * ({@code runIt}, at {@code revision}) or deleted; {@code alsoRun} are slots caught up on, inserted ready to
     * run; {@code next} arms the following slot (null: none is left).
     */
    record Fire(String scheduleId, String executionId, boolean runIt, int revision, List<Execution> alsoRun,
                Execution next, Outcome outcome) {}

    enum Fired {
        /** Applied: the schedule is armed with {@code next}. */
        FIRED,
        /** The schedule is no longer armed with this execution (changed, paused, removed): it was deleted. */
        STALE,
        /** The caller's lease on the execution is gone: nothing was written. */
        LOST,
        /**
         * Applied, but {@code next}'s id belongs to a run that already happened (a backfill), so the schedule
         * points at a slot that will not fire: re-arm it past that slot with {@link #rearm}.
         */
        NEXT_TAKEN
    }

    /** What {@link #fire} did with one timer, and which of its {@code alsoRun} were new. */
    record FireResult(Fired fired, List<String> inserted) {}

    /**
     * Applies every admission in one commit; each applies only if {@code owner} still holds its execution's
     * lease and its schedule is still armed with it. Results are in the order of {@code fires}.
     */
    List<FireResult> fire(List<Fire> fires, String owner, Instant leaseUntil);

    /** Deletes a due timer the caller holds that no schedule is armed with any more; false if not held. */
    boolean discard(String executionId, String owner);

    /** Sets a due timer again for {@code retryAt} and gives up the lease (concurrency: queue). */
    boolean postpone(String executionId, String owner, Instant retryAt);

    /**
     * Arms {@code next} (null: none) for a schedule still armed with {@code expectArmedId} — whose timer was
     * cancelled, or named a slot that already ran. {@code STALE} when the schedule moved on meanwhile,
     * {@code NEXT_TAKEN} when {@code next}'s slot already ran as well (nothing written).
     */
    Fired rearm(String scheduleId, String expectArmedId, Execution next, Instant now);

    /** Pauses (deleting the unstarted timer) or resumes (arming {@code armed}); false if unknown. */
    boolean setPaused(String id, boolean paused, Execution armed, Instant now);

    Optional<ScheduleState> find(String id);

    /** Every schedule of the given teams (null: all), ordered by team, workflow, index. */
    List<ScheduleState> list(List<String> teams, String workflowId);
}
