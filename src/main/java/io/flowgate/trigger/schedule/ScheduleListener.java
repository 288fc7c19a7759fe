package io.flowgate.trigger.schedule;

import java.time.Duration;

/** Told what the scheduler does, for metrics; calls must be quick. */
public interface ScheduleListener {
    /** A slot ran, {@code lateness} after its time. */
    default void fired(Duration lateness) {}

    /** Slots not run because they were missed by more than the grace (misfire policy). */
    default void missed(int slots) {}

    /** Slots not run because the previous run was still going (concurrency policy). */
    default void skipped(int slots) {}

    ScheduleListener NONE = new ScheduleListener() {};
}
