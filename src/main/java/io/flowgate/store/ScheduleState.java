package io.flowgate.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One schedule as stored: its entry of {@code triggers.schedule} ({@code spec}), its timer and what it did.
 *
 * @param nextFireAt     the earliest slot not yet handled; null when none is left (a past one-off)
 * @param lastSlot       the slot time of the last fire
 * @param lastLatenessMs how long after its slot the last fire happened
 * @param missed         slots not run because of the misfire policy (the node was down too long)
 * @param skipped        slots not run because of the concurrency policy (the previous run was going)
 * @param version        bumped by every change of spec or pause state
 * @param armedId        the deferred execution that will fire {@code nextFireAt} (null while paused or done)
 */
public record ScheduleState(String id, String team, String workflowId, int index, JsonNode spec, boolean paused,
                            Instant nextFireAt, Instant lastSlot, Instant lastFiredAt, String lastExecutionId,
                            Long lastLatenessMs, long fired, long missed, long skipped, long version,
                            String armedId) {}
