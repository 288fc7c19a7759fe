package io.flowgate.trigger.schedule;

import java.time.Duration;

/**
 * How one node's scheduler runs.
 *
 * @param claim      how long a claimed schedule is reserved for this node; a node that dies mid-fire hands
 *                   it over after this
 * @param grace      a slot older than this when it comes due was missed and follows the misfire policy
 * @param poll       the longest sleep, so that schedules changed by other nodes are noticed
 * @param batch      schedules claimed (and fired in parallel) per round
 */
public record SchedulerSettings(String nodeId, Duration claim, Duration grace, Duration poll, int batch) {
    public static final Duration DEFAULT_CLAIM = Duration.ofSeconds(30);
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(1);
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(1);
    /** Large on purpose: a burst of due schedules is fired in one write before the runs it starts flood the writer. */
    public static final int DEFAULT_BATCH = 10_000;
    /** A queued slot (concurrency: queue) checks again this often whether the previous run ended. */
    public static final Duration QUEUE_RECHECK = Duration.ofSeconds(1);
    /**
     * How long before a group of slots is due the loop claims and plans it, so that at the slot's instant only
     * the store write is left to do.
     */
    public static final Duration LOOKAHEAD = Duration.ofSeconds(5);
    /** A slot that runs more than this after its time counts as late in the metrics. */
    public static final Duration LATE_AFTER = Duration.ofSeconds(1);

    public static SchedulerSettings defaults(String nodeId) {
        return new SchedulerSettings(nodeId, DEFAULT_CLAIM, DEFAULT_GRACE, DEFAULT_POLL, DEFAULT_BATCH);
    }
}
