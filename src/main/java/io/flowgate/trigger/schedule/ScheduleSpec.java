package io.flowgate.trigger.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Json;
import io.flowgate.core.Problem;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One entry of a workflow's {@code triggers.schedule} list: either a {@code cron} expression or a one-off
 * {@code at}, with its {@code timezone} (IANA, default UTC), the {@code input} given to each run as
 * {@code inputs}, and its policies.
 *
 * @param cron  null for a one-off
 * @param at    null for a cron schedule
 */
public record ScheduleSpec(CronSchedule cron, Instant at, ZoneId zone, JsonNode input, Misfire misfire,
                           Concurrency concurrency) {
    /** The default zone, named "UTC" (ZoneOffset.UTC would show as "Z"). */
    public static final ZoneId UTC = ZoneId.of("UTC");
    static final List<String> FIELDS = List.of("cron", "at", "timezone", "input", "misfire", "concurrency");

    /** What to do with slots missed (by more than the grace) while no node was running. */
    public enum Misfire { SKIP, ONCE, ALL }

    /** What to do with a slot while the previous run of the same schedule is still going. */
    public enum Concurrency { ALLOW, SKIP, QUEUE }

    /** The first slot strictly after {@code after}, if any. */
    public Optional<Instant> next(Instant after) {
        if (cron != null) {
            return cron.next(after, zone);
        }
        return at.isAfter(after) ? Optional.of(at) : Optional.empty();
    }

    /** Parses an entry already checked by {@link #problems}. */
    public static ScheduleSpec parse(JsonNode entry) {
        List<Problem> problems = new ArrayList<>();
        ScheduleSpec spec = read(entry, "schedule", problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.getFirst().path() + ": " + problems.getFirst().message());
        }
        return spec;
    }

    /** Every problem of one entry, with paths under {@code path} (e.g. {@code triggers.schedule[0].cron}). */
    public static List<Problem> problems(JsonNode entry, String path) {
        List<Problem> problems = new ArrayList<>();
        read(entry, path, problems);
        return problems;
    }

    private static ScheduleSpec read(JsonNode entry, String path, List<Problem> problems) {
        if (entry == null || !entry.isObject()) {
            problems.add(Problem.at(path, "Must be an object with cron or at"));
            return null;
        }
        entry.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                problems.add(Problem.at(path + "." + name, "Unknown field '" + name + "'; allowed here: "
                        + String.join(", ", FIELDS)));
            }
        });
        ZoneId zone = zone(entry.get("timezone"), path + ".timezone", problems);
        boolean hasCron = present(entry.get("cron"));
        boolean hasAt = present(entry.get("at"));
        CronSchedule cron = null;
        Instant at = null;
        if (hasCron == hasAt) {
            problems.add(Problem.at(path, hasCron ? "Give either cron or at, not both" : "Needs cron or at"));
        } else if (hasCron) {
            cron = cron(entry.get("cron"), path + ".cron", problems);
        } else {
            at = at(entry.get("at"), zone == null ? ZoneOffset.UTC : zone, path + ".at", problems);
        }
        JsonNode input = entry.get("input");
        if (present(input) && !input.isObject()) {
            problems.add(Problem.at(path + ".input", "Must be an object (it becomes the run's inputs)"));
        }
        Misfire misfire = choice(entry.get("misfire"), Misfire.class, Misfire.ONCE, path + ".misfire", problems);
        Concurrency concurrency = choice(entry.get("concurrency"), Concurrency.class, Concurrency.ALLOW,
                path + ".concurrency", problems);
        if (!problems.isEmpty()) {
            return null;
        }
        return new ScheduleSpec(cron, at, zone, present(input) ? input.deepCopy() : Json.object(), misfire,
                concurrency);
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    private static CronSchedule cron(JsonNode node, String path, List<Problem> problems) {
        if (!node.isTextual()) {
            problems.add(Problem.at(path, "Must be a string such as \"0 9 * * MON-FRI\""));
            return null;
        }
        try {
            return CronSchedule.parse(node.asText());
        } catch (InvalidCronException e) {
            problems.add(Problem.at(path, "Invalid " + e.field() + " field: " + e.getMessage()));
            return null;
        }
    }

    private static ZoneId zone(JsonNode node, String path, List<Problem> problems) {
        if (!present(node)) {
            return UTC;
        }
        try {
            return ZoneId.of(node.asText());
        } catch (DateTimeException e) {
            problems.add(Problem.at(path, "'" + node.asText() + "' is not an IANA time zone such as Europe/Paris"));
            return null;
        }
    }

    /** An instant with offset ({@code 2026-12-24T18:00:00Z}), or a wall time read in the schedule's zone. */
    private static Instant at(JsonNode node, ZoneId zone, String path, List<Problem> problems) {
        String text = node.asText();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                problems.add(Problem.at(path, "'" + text + "' is not a date-time such as 2026-12-24T18:00:00Z"));
                return null;
            }
        }
    }

    private static <E extends Enum<E>> E choice(JsonNode node, Class<E> type, E fallback, String path,
                                                List<Problem> problems) {
        if (!present(node)) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, node.asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> allowed = java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
            problems.add(Problem.at(path, "'" + node.asText() + "' is not one of " + String.join(", ", allowed)));
            return null;
        }
    }
}
