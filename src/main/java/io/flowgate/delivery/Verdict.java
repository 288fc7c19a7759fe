package io.flowgate.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How one answer is judged (docs/webhooks-outbound.md#retries): 2xx delivered; 410 Gone stops; 429/502/503/504 retry
 * honouring {@code Retry-After}; everything else (3xx included: redirects are not followed) retries
 * on the schedule.
 */
public sealed interface Verdict {
    record Delivered() implements Verdict {}

    record Stop(String reason) implements Verdict {}

    /** {@code after}: the receiver's Retry-After, when it gave a usable one. */
    record Retry(String reason, Optional<Duration> after) implements Verdict {}

    /** The longest Retry-After honoured: a receiver cannot park a message for longer than the schedule's longest wait. */
    Duration MAX_RETRY_AFTER = Duration.ofHours(24);

    static Verdict of(int status, String retryAfter, Instant now) {
        if (status >= 200 && status < 300) {
            return new Delivered();
        }
        if (status == 410) {
            return new Stop("410 Gone: the receiver asked to stop sending this message");
        }
        if (status == 429 || status == 502 || status == 503 || status == 504) {
            return new Retry("HTTP " + status, retryAfter(retryAfter, now));
        }
        if (status >= 300 && status < 400) {
            return new Retry("HTTP " + status + " (redirects are not followed)", Optional.empty());
        }
        return new Retry("HTTP " + status, Optional.empty());
    }

    /** Seconds, or an HTTP date; anything else is ignored. */
    static Optional<Duration> retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        Duration d;
        try {
            d = Duration.ofSeconds(Long.parseLong(v));
        } catch (NumberFormatException notSeconds) {
            try {
                d = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        return Optional.of(d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d);
    }
}
