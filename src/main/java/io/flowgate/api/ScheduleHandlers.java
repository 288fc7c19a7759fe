package io.flowgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.auth.Principal;
import io.flowgate.core.BadRequestException;
import io.flowgate.core.Json;
import io.flowgate.core.NotFoundException;
import io.flowgate.store.ScheduleState;
import io.flowgate.trigger.schedule.CronSchedule;
import io.flowgate.trigger.schedule.InvalidCronException;
import io.flowgate.trigger.schedule.ScheduleSpec;
import io.flowgate.trigger.schedule.Scheduler;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Schedules: preview a cron expression, list, pause, resume, backfill (docs/triggers.md#schedules-issue-4,
 * docs/api.md#routes).
 */
final class ScheduleHandlers {
    static final int DEFAULT_PREVIEW = 5;
    static final int MAX_PREVIEW = 100;
    private static final DateTimeFormatter OFFSET_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private final Scheduler scheduler;
    private final RequestBodies bodies;
    private final Clock clock;

    /** {@code scheduler} may be null (an API without a scheduler): then only the preview works. */
    ScheduleHandlers(Scheduler scheduler, RequestBodies bodies, Clock clock) {
        this.scheduler = scheduler;
        this.bodies = bodies;
        this.clock = clock;
    }

    void preview(Context ctx) {
        String expression = ctx.queryParam("cron");
        if (expression == null || expression.isBlank()) {
            throw new BadRequestException("invalid_cron", "'cron' is required, e.g. cron=0 9 * * MON-FRI",
                    Map.of("field", "expression"));
        }
        ZoneId zone = zone(ctx.queryParam("timezone"));
        Integer count = Params.optionalPositiveInt(ctx.queryParam("count"), "count");
        int n = count == null ? DEFAULT_PREVIEW : count;
        if (n > MAX_PREVIEW) {
            throw new BadRequestException("invalid_count", "'count' may be at most " + MAX_PREVIEW);
        }
        Instant from = Params.instant(ctx.queryParam("from"), "from");
        CronSchedule cron;
        try {
            cron = CronSchedule.parse(expression);
        } catch (InvalidCronException e) {
            throw new BadRequestException("invalid_cron", "Invalid " + e.field() + " field: " + e.getMessage(),
                    Map.of("field", e.field()));
        }
        ObjectNode answer = Json.object();
        ArrayNode next = answer.putArray("next");
        cron.next(from == null ? clock.instant() : from, zone, n).forEach(t -> next.add(OFFSET_TIME.format(t.atZone(zone))));
        answer.put("timezone", zone.getId());
        ctx.json(answer);
    }

    void list(Context ctx) {
        Principal caller = Access.principal(ctx);
        String workflowId = ctx.queryParam("workflowId");
        List<ScheduleState> found = scheduler == null ? List.of()
                : scheduler.list(caller.allTeams() ? null : caller.teams(),
                        workflowId == null || workflowId.isBlank() ? null : workflowId);
        ObjectNode answer = Json.object();
        ArrayNode items = answer.putArray("items");
        found.stream().filter(s -> caller.canSee(s.team())).forEach(s -> items.add(document(s)));
        ctx.json(answer);
    }

    void get(Context ctx) {
        ctx.json(document(visible(ctx)));
    }

    void pause(Context ctx) {
        ctx.json(document(scheduler.pause(visible(ctx).id())));
    }

    void resume(Context ctx) {
        ctx.json(document(scheduler.resume(visible(ctx).id())));
    }

    void backfill(Context ctx) {
        ScheduleState s = visible(ctx);
        JsonNode body = bodies.object(ctx);
        Instant from = required(body, "from");
        Instant to = required(body, "to");
        Scheduler.Backfill done = scheduler.backfill(s.id(), from, to);
        ObjectNode answer = Json.object();
        answer.put("started", done.started().size());
        answer.put("alreadyFired", done.alreadyFired());
        ArrayNode ids = answer.putArray("activityIds");
        done.started().forEach(ids::add);
        ctx.json(answer);
    }

    private ScheduleState visible(Context ctx) {
        String id = ctx.pathParam("id");
        ScheduleState s = scheduler == null ? null : scheduler.find(id).orElse(null);
        if (s == null || !Access.principal(ctx).canSee(s.team())) {
            throw new NotFoundException("schedule", id);
        }
        return s;
    }

    private static Instant required(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual()) {
            throw new BadRequestException("invalid_" + field, "'" + field + "' is required: an ISO-8601 date-time");
        }
        return Params.instant(value.asText(), field);
    }

    private static ZoneId zone(String value) {
        if (value == null || value.isBlank()) {
            return ScheduleSpec.UTC;
        }
        try {
            return ZoneId.of(value.trim());
        } catch (DateTimeException e) {
            throw new BadRequestException("invalid_timezone", "'" + value + "' is not an IANA time zone such as "
                    + "Europe/Paris", Map.of("field", "timezone"));
        }
    }

    private static ObjectNode document(ScheduleState s) {
        ObjectNode doc = Json.object();
        doc.put("id", s.id());
        doc.put("team", s.team());
        doc.put("workflowId", s.workflowId());
        doc.put("index", s.index());
        JsonNode spec = s.spec();
        ZoneId zone = zoneOf(spec);
        for (String field : List.of("cron", "at")) {
            if (spec.hasNonNull(field)) {
                doc.put(field, spec.get(field).asText());
            }
        }
        doc.put("timezone", zone.getId());
        doc.put("misfire", spec.path("misfire").asText("once"));
        doc.put("concurrency", spec.path("concurrency").asText("allow"));
        if (spec.has("input")) {
            doc.set("input", spec.get("input"));
        }
        doc.put("paused", s.paused());
        doc.put("nextFireAt", time(s.nextFireAt(), zone));
        doc.put("nextActivityId", s.armedId());
        doc.put("lastScheduledTime", time(s.lastSlot(), zone));
        doc.put("lastFiredAt", time(s.lastFiredAt(), zone));
        if (s.lastLatenessMs() == null) {
            doc.putNull("lastLatenessMs");
        } else {
            doc.put("lastLatenessMs", s.lastLatenessMs());
        }
        doc.put("lastActivityId", s.lastExecutionId());
        doc.put("fired", s.fired());
        doc.put("missed", s.missed());
        doc.put("skipped", s.skipped());
        return doc;
    }

    private static ZoneId zoneOf(JsonNode spec) {
        try {
            return spec.hasNonNull("timezone") ? ZoneId.of(spec.get("timezone").asText()) : ScheduleSpec.UTC;
        } catch (DateTimeException e) {
            return ScheduleSpec.UTC;
        }
    }

    private static String time(Instant t, ZoneId zone) {
        return t == null ? null : OFFSET_TIME.format(t.atZone(zone));
    }
}
