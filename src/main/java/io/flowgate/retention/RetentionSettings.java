package io.flowgate.retention;

import java.time.Duration;

/**
 * How history is pruned, with named defaults.
 *
 * @param keep  how long finished history is kept ({@code --retention}); a workflow may say otherwise
 * @param batch rows deleted per write: small, so the writer is never held for long
 * @param pause least rest between two batches; the rest is also at least as long as the batch took, so a large
 *              backlog takes at most about half the writer's time and the node's own writes always get the rest
 * @param every how often a round starts (each round prunes everything due, a batch at a time)
 */
public record RetentionSettings(Duration keep, int batch, Duration pause, Duration every) {
    public static final Duration DEFAULT_KEEP = Duration.ofDays(30);
    public static final int DEFAULT_BATCH = 100;
    public static final Duration DEFAULT_PAUSE = Duration.ofMillis(5);
    /**
     * Short, so each round deletes a few seconds' worth and the cost is spread evenly: with a round a minute, the
     * soak's p99 followed how much of a round fell into each minute (4–9 ms at 3,900 webhooks/s).
     */
    public static final Duration DEFAULT_EVERY = Duration.ofSeconds(10);

    public RetentionSettings {
        if (keep.isNegative() || keep.isZero()) {
            throw new IllegalArgumentException("retention must be positive, was " + keep);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, was " + batch);
        }
    }

    public static RetentionSettings keeping(Duration keep) {
        return new RetentionSettings(keep, DEFAULT_BATCH, DEFAULT_PAUSE, DEFAULT_EVERY);
    }
}
