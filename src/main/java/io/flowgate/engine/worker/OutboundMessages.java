package io.flowgate.engine.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Ids;
import io.flowgate.core.Json;
import io.flowgate.engine.Execution;
import io.flowgate.engine.ExecutionStatus;
import io.flowgate.engine.StepRun;
import io.flowgate.store.NewDelivery;
import io.flowgate.workflow.StepDefinition;
import io.flowgate.workflow.StepWebhook;
import io.flowgate.workflow.WorkflowDefinition;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the outbound messages a transition causes (docs/webhooks-outbound.md#messages), as outbox rows. Pure: the engine
 * calls it while building a transition, and the rows are committed with that transition. It lives with
 * the engine because the rows are part of what a transition writes; the {@code delivery} package only
 * sends rows it reads back through the {@code DeliveryStore} port, and never calls the engine.
 */
public final class OutboundMessages {
    public static final String STEP_CREATED = "step.created";
    public static final String STEP_COMPLETED = "step.completed";
    public static final String EXECUTION_COMPLETED = "execution.completed";
    public static final String EXECUTION_FAILED = "execution.failed";

    private static final java.util.concurrent.atomic.AtomicLong SEQUENCE = new java.util.concurrent.atomic.AtomicLong();

    private OutboundMessages() {}

    /**
     * {@code on: created}: the message carries the previous step's data (the last step this one
     * needs), as Flowingly does; {@code previous} is null for a first step.
     */
    public static List<NewDelivery> stepCreated(Execution e, StepDefinition step, StepRun run, StepRun previous,
                                                Instant now) {
        if (step.webhooks().isEmpty()) {
            return List.of();
        }
        ObjectNode body = envelope(STEP_CREATED, e, now);
        body.set("step", step(run));
        body.set("previousStep", previous == null ? Json.MAPPER.nullNode() : step(previous));
        return rows(e, step.id(), step.webhooks(), "created", STEP_CREATED, body, now);
    }

    /** {@code on: completed}: this step's data, once it ended (completed or failure). */
    public static List<NewDelivery> stepCompleted(Execution e, StepDefinition step, StepRun run, Instant now) {
        if (step.webhooks().isEmpty()) {
            return List.of();
        }
        ObjectNode body = envelope(STEP_COMPLETED, e, now);
        body.set("step", step(run));
        return rows(e, step.id(), step.webhooks(), "completed", STEP_COMPLETED, body, now);
    }

    /** Workflow-level {@code execution.completed | execution.failed}; nothing for other ends (cancelled). */
    public static List<NewDelivery> executionEnded(WorkflowDefinition definition, Execution e, Instant now) {
        String event = e.status() == ExecutionStatus.COMPLETED ? EXECUTION_COMPLETED
                : e.status() == ExecutionStatus.FAILURE ? EXECUTION_FAILED : null;
        if (event == null || definition.webhooks().isEmpty()) {
            return List.of();
        }
        ObjectNode body = envelope(event, e, now);
        body.putNull("step");
        ObjectNode execution = body.putObject("execution");
        execution.put("status", e.status().wire());
        execution.put("startTime", iso(e.startedAt()));
        execution.put("duration", millis(e.startedAt(), e.endedAt()));
        execution.put("error", e.error());
        return rows(e, null, definition.webhooks(), event, event, body, now);
    }

    private static ObjectNode envelope(String event, Execution e, Instant now) {
        ObjectNode body = Json.object();
        body.put("event", event);
        body.put("executionId", e.id());
        body.put("workflowId", e.workflowId());
        body.put("revision", e.revision());
        body.put("timestamp", now.toString());
        return body;
    }

    static ObjectNode step(StepRun r) {
        ObjectNode s = Json.object();
        s.put("id", r.stepId());
        s.put("name", r.name());
        s.put("status", r.status().wire());
        s.put("startTime", iso(r.startedAt()));
        s.put("duration", millis(r.startedAt(), r.endedAt()));
        JsonNode outputs = r.outputs();
        s.set("outputs", outputs == null || outputs.isNull() ? Json.object() : outputs);
        return s;
    }

    private static List<NewDelivery> rows(Execution e, String stepId, List<StepWebhook> hooks, String on, String event,
                                          ObjectNode body, Instant now) {
        List<NewDelivery> out = new ArrayList<>();
        String payload = null;
        for (StepWebhook hook : hooks) {
            if (!hook.on().contains(on)) {
                continue;
            }
            payload = payload == null ? Json.write(body) : payload;
            out.add(new NewDelivery(id(now), e.team(), e.workflowId(), e.id(), stepId, hook.name(),
                    event, hook.url(), endpoint(hook.url()), Json.write(hook.config()), payload, now));
        }
        return out;
    }

    /**
     * {@code msg_} + creation millis + a sequence + randomness: ids sort in the order messages were
     * built, so a backlog drains oldest first even within one millisecond (and one transition).
     */
    public static String id(Instant now) {
        long n = SEQUENCE.getAndIncrement() & 0xffff;
        return String.format("msg_%011x%04x%s", now.toEpochMilli(), n, Ids.random(6));
    }

    /** scheme://host:port, the unit of per-endpoint concurrency; the raw text when it does not parse (templates). */
    public static String endpoint(String url) {
        try {
            URI u = URI.create(url);
            if (u.getHost() == null) {
                return url;
            }
            int port = u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
            return u.getScheme().toLowerCase() + "://" + u.getHost().toLowerCase() + ":" + port;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    private static Long millis(Instant start, Instant end) {
        return start == null || end == null ? null : end.toEpochMilli() - start.toEpochMilli();
    }
}
