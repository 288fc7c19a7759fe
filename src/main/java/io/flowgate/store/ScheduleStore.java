package io.flowgate.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Schedule timers. Claims are leases, so a node that dies mid-fire hands its schedules over when the
 * claim expires; losing a claim race is a normal, empty answer.
 */
public interface ScheduleStore {

    /** A schedule a workflow revision declares: id, position in the list, entry, first slot from now. */
    record Declared(String id, int index, JsonNode spec, Instant nextFireAt) {}

    /**
     * Makes the workflow's schedules exactly {@code declared}, in one commit: new ones are added, those whose
     * spec changed get the new spec and timer (keeping their history and pause state), unchanged ones are
     * left alone, and the rest are removed.
     */
    void replace(String team, String workflowId, List<Declared> declared, Instant now);

    /** Removes the schedules of every workflow not in {@code keep} (entries {@code team/id}). */
    int retainWorkflows(java.util.Set<String> keep);

    /**
     * Claims up to {@code limit} unpaused schedules due by {@code dueBy} (at or after {@code now}: the scheduler
     * claims a little ahead), earliest first, until {@code claimUntil}; claims that expired before {@code now}
     * are taken over.
     */
    List<ScheduleState> claimDue(String owner, Instant dueBy, Instant now, Instant claimUntil, int limit);

    /** What one pass over a claimed schedule did; counts are added to the stored ones. */
    record Outcome(Instant nextFireAt, Instant lastSlot, Instant lastFiredAt, String lastExecutionId,
                   Long lastLatenessMs, int fired, int missed, int skipped) {}

    /** One claimed schedule's outcome, applied if the claim is still held at {@code version}. */
    record Completion(String id, long version, Outcome outcome) {}

    /**
     * Records each outcome and releases the claim, in one commit, for those {@code owner} still holds at their
     * version (a schedule changed or paused meanwhile keeps its new state); returns how many applied.
     */
    int complete(String owner, List<Completion> completions);

    /** Gives up every claim {@code owner} holds (start and graceful stop), so its schedules fire without delay. */
    int releaseAll(String owner);

    /** Releases the claim without advancing the timer; nobody claims it again before {@code retryAt}. */
    boolean postpone(String id, String owner, long version, Instant retryAt);

    /** Pauses or resumes; a resumed schedule's timer restarts at {@code nextFireAt}. False if unknown. */
    boolean setPaused(String id, boolean paused, Instant nextFireAt, Instant now);

    Optional<ScheduleState> find(String id);

    /** Every schedule of the given teams (null: all), ordered by team, workflow, index. */
    List<ScheduleState> list(List<String> teams, String workflowId);

    /** The earliest timer of an unpaused schedule nobody holds a claim on at {@code now}, to sleep until. */
    Optional<Instant> nextFireAt(Instant now);
}
