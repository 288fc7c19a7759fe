package io.flowgate.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.workflow.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When to try a message again: the first attempt is at once, then one wait per entry of
 * {@code delays}; when they are spent the message is dead-lettered. Each wait gets up to
 * ±{@code jitter} (a fraction) so a recovering endpoint is not hit by every retry at once.
 */
public record RetrySchedule(List<Duration> delays, double jitter) {
    /** Standard Webhooks' recommendation: at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h. */
    public static final RetrySchedule STANDARD = new RetrySchedule(List.of(Duration.ofSeconds(5),
            Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5),
            Duration.ofHours(10), Duration.ofHours(14), Duration.ofHours(20), Duration.ofHours(24)), 0.1);

    public RetrySchedule {
        delays = List.copyOf(delays);
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
        }
    }

    /**
     * The wait before the next attempt after {@code attemptsDone} attempts of this round, or empty
     * when the schedule is spent. {@code random} in [0, 1) picks the jitter.
     */
    public Optional<Duration> after(int attemptsDone, double random) {
        int index = attemptsDone - 1;
        if (index < 0 || index >= delays.size()) {
            return Optional.empty();
        }
        Duration base = delays.get(index);
        double factor = 1 + jitter * (2 * random - 1);
        return Optional.of(Duration.ofMillis(Math.round(base.toMillis() * factor)));
    }

    /** How many attempts a message gets in one round. */
    public int maxAttempts() {
        return delays.size() + 1;
    }

    /**
     * A webhook's {@code retry:} setting ({@code [PT5S, …]} or {@code {schedule: […]}}), already
     * checked when the workflow was saved; {@code fallback} when absent.
     */
    public static RetrySchedule of(JsonNode retry, RetrySchedule fallback) {
        if (retry == null || retry.isNull() || retry.isMissingNode()) {
            return fallback;
        }
        JsonNode schedule = retry.isObject() ? retry.get("schedule") : retry;
        List<Duration> delays = new ArrayList<>();
        if (schedule != null && schedule.isArray()) {
            schedule.forEach(d -> Durations.parse(d.asText()).ifPresent(delays::add));
        } else if (schedule != null && schedule.isTextual()) {
            Durations.parse(schedule.asText()).ifPresent(delays::add);
        }
        return new RetrySchedule(delays, fallback.jitter());
    }
}
