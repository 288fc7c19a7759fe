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

/**
 * The status document (SPEC §4.1, Boomerang's shape) of an execution, field by field. Dates are
 * {@code yyyy-MM-dd'T'HH:mm:ss.SSSZ} in UTC; durations are milliseconds (end − start, or now − start
 * while still running, 0 before the start).
 */
public final class StatusDocuments {
    public static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    private final Clock clock;

    public StatusDocuments(Clock clock) {
        this.clock = clock;
    }

    /** The full document, with steps. */
    public ObjectNode full(ExecutionView view) {
        ObjectNode doc = summary(view.execution());
        ArrayNode steps = doc.putArray("steps");
        for (StepRun step : view.steps()) {
            steps.add(step(step));
        }
        return doc;
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
        doc.put("trigger", e.trigger());
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
