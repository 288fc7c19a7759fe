package io.flowgate.trigger.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which due slots of one schedule to run now (pure). Slots at most {@code grace} old are simply due and all
 * run; older ones were missed (no node ran while they were due) and follow the misfire policy: {@code skip}
 * none, {@code once} the latest of them, {@code all} every one (at most {@link #MAX_FIRES} per pass; the rest
 * on the next pass).
 *
 * @param fire   slots to run, oldest first
 * @param missed slots left out by the misfire policy
 * @param next   the first slot not handled by this plan (null: the schedule has no more)
 */
public record SlotPlan(List<Instant> fire, int missed, Instant next) {
    static final int MAX_FIRES = 1_000;
    /** Bounds the walk over a long downtime of a fast schedule (a day of a per-second job is 86,400 slots). */
    static final int MAX_WALK = 1_000_000;

    public static SlotPlan of(ScheduleSpec spec, Instant first, Instant now, Duration grace) {
        Instant missedBefore = now.minus(grace);
        List<Instant> fire = new ArrayList<>();
        Instant lastMissed = null;
        int missed = 0;
        Instant cursor = first;
        for (int walked = 0; cursor != null && !cursor.isAfter(now) && walked < MAX_WALK; walked++) {
            boolean isMissed = cursor.isBefore(missedBefore);
            if (!isMissed || spec.misfire() == ScheduleSpec.Misfire.ALL) {
                if (fire.size() == MAX_FIRES) {
                    break;
                }
                if (lastMissed != null && spec.misfire() == ScheduleSpec.Misfire.ONCE) {
                    fire.add(lastMissed);
                    missed--;
                    lastMissed = null;
                }
                fire.add(cursor);
            } else {
                missed++;
                lastMissed = cursor;
            }
            cursor = spec.next(cursor).orElse(null);
        }
        if (lastMissed != null && spec.misfire() == ScheduleSpec.Misfire.ONCE) {
            fire.add(lastMissed);
            missed--;
        }
        return new SlotPlan(List.copyOf(fire), missed, cursor);
    }
}
