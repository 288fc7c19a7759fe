package io.flowgate.workflow;

import java.time.Duration;

/**
 * {@code retry: {max, backoff, factor, maxBackoff, jitter}}: after a failed attempt the step is
 * tried again up to {@code max} more times; the n-th retry waits
 * {@code min(backoff * factor^(n-1), maxBackoff)}, spread by ±{@code jitter} (0..1).
 */
public record RetryPolicy(int max, Duration backoff, double factor, Duration maxBackoff, double jitter) {
    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);
    public static final double DEFAULT_FACTOR = 2.0;
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(10);
    public static final double DEFAULT_JITTER = 0.2;
    public static final RetryPolicy NONE = new RetryPolicy(0, DEFAULT_BACKOFF, DEFAULT_FACTOR, DEFAULT_MAX_BACKOFF, 0);

    /** Delay before retry number {@code retry} (1-based), given a random value in [0,1). */
    public Duration delayBeforeRetry(int retry, double random) {
        double base = backoff.toMillis() * Math.pow(factor, Math.max(0, retry - 1));
        double capped = Math.min(base, maxBackoff.toMillis());
        double spread = capped * jitter * (2 * random - 1);
        return Duration.ofMillis(Math.max(0, Math.round(capped + spread)));
    }
}
