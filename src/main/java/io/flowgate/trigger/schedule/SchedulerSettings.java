package io.flowgate.trigger.schedule;

import io.flowgate.core.LeaseOwner;
import java.time.Duration;

/**
 * How one node's scheduler decides.
 *
 * @param owner this node's lease owner token (id and epoch), the guard of every admission it writes
 * @param grace a slot older than this when it comes due was missed and follows the misfire policy
 * @param lease how long the runs of caught-up slots are held by this node before another may take them over
 */
public record SchedulerSettings(LeaseOwner owner, Duration grace, Duration lease) {
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(1);
    /** A queued slot (concurrency: queue) checks again this often whether the previous run ended. */
    public static final Duration QUEUE_RECHECK = Duration.ofSeconds(1);
    /** A slot that runs more than this after its time counts as late in the metrics. */
    public static final Duration LATE_AFTER = Duration.ofSeconds(1);
    /** How far a schedule's timer steps past slots that a backfill already ran. */
    static final int MAX_TAKEN_SLOTS = 1_000;

    public static SchedulerSettings defaults(LeaseOwner owner, Duration lease) {
        return new SchedulerSettings(owner, DEFAULT_GRACE, lease);
    }

    /** The owner as the {@code owner} columns hold it. */
    public String token() {
        return owner.toString();
    }
}
