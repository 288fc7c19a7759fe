package io.flowgate.trigger.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import com.github.benmanes.caffeine.cache.Cache;
import io.flowgate.core.CacheSettings;
import io.flowgate.core.Caches;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed cron expression and its fire times in one IANA zone.
 *
 * <p>Forms: 5 fields (Unix: minute hour day-of-month month day-of-week), 6 or 7 fields with seconds first
 * (Quartz; with 6 fields the Spring form, which needs no {@code ?}, is accepted too), and the macros
 * {@code @hourly @daily @midnight @weekly @monthly @yearly @annually}.
 *
 * <p>Matching happens on the zone's wall clock; DST is resolved like Vixie cron: a wall time that does not
 * exist (spring forward) fires once at the first instant after the gap; a wall time that occurs twice (fall
 * back) fires once, at its first occurrence — except for jobs whose hour field is a wildcard ({@code *},
 * {@code * /n}), which keep their rhythm through the repeated hour, as they would on a clock without DST.
 */
public final class CronSchedule {
    /** Bounds the walk over wall-clock matches that an overlap makes invalid (an every-second job over 1 h). */
    private static final int MAX_STEPS = 10_000;
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
    private static final CronParser SPRING = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING));
    private static final Map<String, String> MACROS = Map.of("@hourly", "0 * * * *", "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *", "@weekly", "0 0 * * 0", "@monthly", "0 0 1 * *", "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *");
    private static final List<String> UNIX_FIELDS = List.of("minute", "hour", "day-of-month", "month", "day-of-week");
    private static final List<String> QUARTZ_FIELDS =
            List.of("second", "minute", "hour", "day-of-month", "month", "day-of-week", "year");

    private final Cache<Next, Optional<Instant>> recent = Caches.bounded(CacheSettings.DEFAULT_CRON_NEXT_TIMES);
    private final String expression;
    private final ExecutionTime execution;
    private final boolean hourlyRhythm;

    private CronSchedule(String expression, Cron cron, boolean hourlyRhythm) {
        this.expression = expression;
        this.execution = ExecutionTime.forCron(cron);
        this.hourlyRhythm = hourlyRhythm;
    }

    /** @throws InvalidCronException naming the field at fault */
    public static CronSchedule parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new InvalidCronException("expression", "A cron expression is required");
        }
        String text = expression.trim();
        String expanded = MACROS.getOrDefault(text.toLowerCase(Locale.ROOT), text);
        if (expanded.startsWith("@")) {
            throw new InvalidCronException("expression", "Unknown macro '" + text + "'; use one of "
                    + String.join(", ", MACROS.keySet().stream().sorted().toList()));
        }
        String[] fields = expanded.split("\\s+");
        Cron cron = switch (fields.length) {
            case 5 -> parseWith(expanded, fields, UNIX, UNIX_FIELDS);
            case 6 -> quartzOrSpring(expanded, fields);
            case 7 -> parseWith(expanded, fields, QUARTZ, QUARTZ_FIELDS);
            default -> throw new InvalidCronException("expression", "Has " + fields.length + " fields; use 5 (minute hour "
                    + "day-of-month month day-of-week), 6 or 7 (seconds first, Quartz style) or a macro such as @daily");
        };
        String hourField = fields.length == 5 ? fields[1] : fields[2];
        return new CronSchedule(text, cron, hourField.startsWith("*"));
    }

    private static Cron quartzOrSpring(String text, String[] fields) {
        try {
            return QUARTZ.parse(text).validate();
        } catch (IllegalArgumentException quartzFailed) {
            return parseWith(text, fields, SPRING, QUARTZ_FIELDS);
        }
    }

    private static Cron parseWith(String text, String[] fields, CronParser parser, List<String> names) {
        try {
            return parser.parse(text).validate();
        } catch (IllegalArgumentException e) {
            throw new InvalidCronException(badField(fields, parser, names), clean(e.getMessage()));
        }
    }

    /** Tries each field alone among wildcards, so the error names the field a person must fix. */
    private static String badField(String[] fields, CronParser parser, List<String> names) {
        for (int i = 0; i < fields.length; i++) {
            String[] probe = new String[fields.length];
            for (int j = 0; j < fields.length; j++) {
                probe[j] = wildcard(fields.length, j);
            }
            probe[i] = fields[i];
            if (fields.length > 5 && (i == 3 || i == 5)) {
                probe[i == 3 ? 5 : 3] = "?"; // Quartz: one of the two day fields must be '?'
            }
            try {
                parser.parse(String.join(" ", probe)).validate();
            } catch (IllegalArgumentException e) {
                return names.get(i);
            }
        }
        return "expression";
    }

    private static String wildcard(int length, int index) {
        if (length == 5) {
            return "*";
        }
        return switch (index) {
            case 0, 1, 2 -> "0";
            case 5 -> "?";
            default -> "*";
        };
    }

    private static String clean(String message) {
        return message == null ? "Invalid cron expression" : message.replaceAll("\\s+", " ").trim();
    }

    public String expression() {
        return expression;
    }

    /** The first fire time strictly after {@code after}, in {@code zone}; empty if there is none. */
    public Optional<Instant> next(Instant after, ZoneId zone) {
        // Schedules sharing an expression are due together (10,000 jobs on "* * * * *" all ask for the slot after
        // 10:05:00 at 10:05:00), and the cron library's search is the costliest part of admitting a slot.
        return recent.get(new Next(after, zone), k -> search(k.after(), k.zone()));
    }

    private record Next(Instant after, ZoneId zone) {}

    private Optional<Instant> search(Instant after, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        // Cron's finest field is the second; the library would carry a fraction of a second into the result.
        LocalDateTime wall = LocalDateTime.ofInstant(after, zone).truncatedTo(ChronoUnit.SECONDS);
        Instant best = null;
        LocalDateTime candidate = wall;
        for (int i = 0; i < MAX_STEPS; i++) {
            Optional<LocalDateTime> match = nextWall(candidate);
            if (match.isEmpty()) {
                break;
            }
            candidate = match.get();
            Instant at = resolve(candidate, rules, after);
            if (at != null) {
                best = at;
                break;
            }
        }
        if (hourlyRhythm) {
            Instant repeated = repeatedHour(after, rules);
            if (repeated != null && (best == null || repeated.isBefore(best))) {
                best = repeated;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The next {@code count} fire times after {@code from}. */
    public List<Instant> next(Instant from, ZoneId zone, int count) {
        List<Instant> out = new java.util.ArrayList<>(count);
        Instant cursor = from;
        while (out.size() < count) {
            Optional<Instant> n = next(cursor, zone);
            if (n.isEmpty()) {
                break;
            }
            out.add(n.get());
            cursor = n.get();
        }
        return out;
    }

    private Optional<LocalDateTime> nextWall(LocalDateTime after) {
        // The library runs on a zone without transitions, so it only ever sees the wall clock.
        return execution.nextExecution(after.atZone(ZoneOffset.UTC))
                .map(t -> t.toLocalDateTime().truncatedTo(ChronoUnit.SECONDS));
    }

    /** The instant a wall-clock match fires at, if it is after {@code after}; null if it fires no more. */
    private Instant resolve(LocalDateTime wall, ZoneRules rules, Instant after) {
        List<ZoneOffset> offsets = rules.getValidOffsets(wall);
        if (offsets.isEmpty()) {
            Instant gapEnd = rules.getTransition(wall).getInstant();
            return gapEnd.isAfter(after) ? gapEnd : null;
        }
        Instant first = wall.toInstant(offsets.getFirst());
        if (first.isAfter(after)) {
            return first;
        }
        if (offsets.size() == 2 && hourlyRhythm) {
            Instant second = wall.toInstant(offsets.get(1));
            return second.isAfter(after) ? second : null;
        }
        return null;
    }

    /**
     * During the first pass of a repeated hour, a wildcard-hour job's next slot may be early in the second
     * pass (wall time earlier than now, instant later).
     */
    private Instant repeatedHour(Instant after, ZoneRules rules) {
        ZoneOffsetTransition t = rules.nextTransition(after);
        if (t == null || !t.isOverlap() || !t.getInstant().isAfter(after)
                || t.getInstant().isAfter(after.plus(t.getDuration().abs()))) {
            return null;
        }
        LocalDateTime overlapStart = t.getDateTimeAfter();
        LocalDateTime overlapEnd = t.getDateTimeBefore();
        Optional<LocalDateTime> match = nextWall(overlapStart.minusSeconds(1));
        if (match.isEmpty() || !match.get().isBefore(overlapEnd)) {
            return null;
        }
        return match.get().toInstant(t.getOffsetAfter());
    }
}
