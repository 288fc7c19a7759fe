package io.flowgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Json;
import io.flowgate.engine.Execution;
import io.flowgate.engine.ExecutionStatus;
import io.flowgate.engine.Executions.ExecutionView;
import io.flowgate.engine.StepRun;
import io.flowgate.engine.StepStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;
import io.flowgate.store.Delivery;

/**
 * The status document (Boomerang's shape, docs/api.md#statusdoc) of an execution, field by field. Dates are
 * {@code yyyy-MM-dd'T'HH:mm:ss.SSSZ} in UTC; durations are milliseconds (end − start, or now − start
 * while still running, 0 before the start).
 */
public final class StatusDocuments {
    public static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final Function<String, List<Delivery>> deliveries;

    public StatusDocuments(Clock clock) {
        this(clock, id -> List.of());
    }

    /** {@code deliveries}: an execution's outbound webhook deliveries, shown per step as {@code webhooks}. */
    public StatusDocuments(Clock clock, Function<String, List<Delivery>> deliveries) {
        this.clock = clock;
        this.deliveries = deliveries;
    }

    /**
     * The full document, with steps. Each step with outbound webhooks lists them as
     * {@code webhooks: [{name, event, status, attempts, lastStatusCode}]}; workflow-level ones
     * (execution.completed|failed) are listed the same way at the top.
     */
    public ObjectNode full(ExecutionView view) {
        ObjectNode doc = summary(view.execution());
        List<Delivery> sent = deliveries.apply(view.execution().id());
        ArrayNode steps = doc.putArray("steps");
        for (StepRun step : view.steps()) {
            ObjectNode s = step(step);
            webhooks(s, sent, step.stepId());
            steps.add(s);
        }
        webhooks(doc, sent, null);
        return doc;
    }

    private static void webhooks(ObjectNode doc, List<Delivery> sent, String stepId) {
        ArrayNode hooks = null;
        for (Delivery d : sent) {
            if (java.util.Objects.equals(d.stepId(), stepId)) {
                hooks = hooks == null ? doc.putArray("webhooks") : hooks;
                ObjectNode h = hooks.addObject();
                h.put("id", d.id());
                h.put("name", d.name());
                h.put("event", d.event());
                h.put("status", d.status().wire());
                h.put("attempts", d.attempts());
                h.put("lastStatusCode", d.lastStatus());
            }
        }
    }

    /** The document without {@code steps}, as listings show it. */
    public ObjectNode summary(Execution e) {
        ObjectNode doc = Json.object();
        doc.put("id", e.id());
        doc.put("creationDate", format(e.createdAt()));
        doc.put("duration", duration(e.startedAt(), e.endedAt(), e.status().terminal()));
        doc.put("status", e.status().wire());
        doc.put("workflowId", e.workflowId());
        doc.put("workflowRevisionid", Integer.toString(e.revision()));
        doc.put("revision", e.revision());
        doc.put("trigger", e.trigger().wire());
        doc.put("teamName", e.team());
        if (e.status() == ExecutionStatus.FAILURE) {
            doc.put("error", e.error());
        }
        if (e.parentId() != null) {
            doc.put("parentActivityId", e.parentId());
        }
        return doc;
    }

    ObjectNode step(StepRun s) {
        ObjectNode doc = Json.object();
        doc.put("activityId", s.executionId());
        doc.put("id", s.executionId() + ":" + s.stepId());
        doc.put("taskId", s.stepId());
        doc.put("taskName", s.name() == null || s.name().isBlank() ? s.stepId() : s.name());
        doc.put("order", s.order());
        doc.put("flowTaskStatus", s.status().wire());
        doc.put("startTime", format(s.startedAt()));
        doc.put("duration", duration(s.startedAt(), s.endedAt(), s.status().terminal()));
        doc.put("attempt", s.attempt());
        JsonNode outputs = s.outputs();
        doc.set("outputs", outputs == null || outputs.isNull() || outputs.isMissingNode() ? Json.object() : outputs);
        if (s.status() == StepStatus.FAILURE) {
            doc.put("error", s.error());
        }
        return doc;
    }

    /** Null in, null out; otherwise the Boomerang date format in UTC. */
    public static String format(Instant instant) {
        return instant == null ? null : DATE.format(instant);
    }

    private long duration(Instant start, Instant end, boolean terminal) {
        if (start == null) {
            return 0;
        }
        Instant until = end != null ? end : terminal ? start : clock.instant();
        return Math.max(0, until.toEpochMilli() - start.toEpochMilli());
    }
}
