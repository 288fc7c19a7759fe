package io.flowgate.workflow;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations in workflow documents: ISO-8601 ({@code PT2S}, {@code PT1M30S}, {@code P1D}), or the
 * short forms people type in YAML: a whole number followed by {@code ms}, {@code s}, {@code m},
 * {@code h} or {@code d} ({@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}, {@code 7d}).
 * A bare number is rejected: its unit would be a guess.
 */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");

    private Durations() {}

    public static Optional<Duration> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip();
        Matcher m = SHORT.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return Optional.of(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        try {
            return Optional.of(Duration.parse(s));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** How to write one, for problem messages. */
    public static String expected() {
        return "an ISO-8601 duration like PT10S or P1D, or a short form like 500ms, 2s, 5m, 1h";
    }
}
