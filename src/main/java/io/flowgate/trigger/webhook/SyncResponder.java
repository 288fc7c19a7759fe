package io.flowgate.trigger.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Json;
import io.flowgate.engine.ExecutionStatus;
import io.flowgate.engine.Executions;
import io.flowgate.engine.Executions.ExecutionView;
import io.flowgate.engine.StepRun;
import io.flowgate.engine.StepStatus;
import io.flowgate.workflow.StepDefinition;
import io.flowgate.workflow.WorkflowDefinition;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The {@code sync} response mode: watches one execution until a {@code respond} step completes or
 * the execution ends, then builds the reply; a failure answers at once, a timeout with 202 and a
 * {@code Location} to poll.
 */
final class SyncResponder {
    static final String RESPOND = "respond";

    private final Executions executions;
    private final Function<ExecutionView, JsonNode> statusDocument;

    SyncResponder(Executions executions, Function<ExecutionView, JsonNode> statusDocument) {
        this.executions = executions;
        this.statusDocument = statusDocument;
    }

    WebhookReply await(String executionId, WorkflowDefinition def, WebhookResponse cfg) throws InterruptedException {
        Set<String> respondSteps = def.steps().stream().filter(s -> RESPOND.equals(s.type()))
                .map(StepDefinition::id).collect(Collectors.toSet());
        CompletableFuture<ExecutionView> decided = new CompletableFuture<>();
        try (AutoCloseable ignored = executions.subscribe(executionId, v -> {
            if (decisive(v, respondSteps)) {
                decided.complete(v);
            }
        })) {
            ExecutionView v = decided.get(cfg.timeout().toMillis(), TimeUnit.MILLISECONDS);
            return reply(v, def, cfg, respondSteps);
        } catch (TimeoutException e) {
            return WebhookReply.accepted(executionId);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Waiting for execution " + executionId + " failed", e);
        }
    }

    private static boolean decisive(ExecutionView v, Set<String> respondSteps) {
        return v.execution().status().terminal() || v.steps().stream()
                .anyMatch(r -> respondSteps.contains(r.stepId()) && r.status() == StepStatus.COMPLETED);
    }

    private WebhookReply reply(ExecutionView v, WorkflowDefinition def, WebhookResponse cfg, Set<String> respondSteps) {
        for (StepRun r : v.steps()) {
            if (respondSteps.contains(r.stepId()) && r.status() == StepStatus.COMPLETED && r.outputs() != null) {
                return fromRespondStep(r.outputs());
            }
        }
        ExecutionStatus status = v.execution().status();
        if (status != ExecutionStatus.COMPLETED) {
            return WebhookReply.json(cfg.failureStatus(), statusDocument.apply(v));
        }
        if (cfg.statusBody()) {
            return WebhookReply.json(200, statusDocument.apply(v));
        }
        return WebhookReply.json(200, selected(v, def, cfg.select()));
    }

    /** The respond step's body as it rendered: a string is sent as that text, anything else as JSON. */
    private static WebhookReply fromRespondStep(JsonNode out) {
        int status = out.path("status").asInt(200);
        Map<String, String> headers = new LinkedHashMap<>();
        out.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
        JsonNode body = out.get("body");
        return new WebhookReply(status < 100 || status > 599 ? 200 : status, headers, body);
    }

    /** One selected {@code stepId.field} answers that value; several answer an object keyed by each. */
    private static JsonNode selected(ExecutionView v, WorkflowDefinition def, List<String> select) {
        Map<String, JsonNode> outputs = new LinkedHashMap<>();
        for (StepRun r : v.steps()) {
            outputs.put(r.stepId(), r.outputs() == null ? Json.object() : r.outputs());
        }
        if (select.isEmpty()) {
            for (int i = def.steps().size() - 1; i >= 0; i--) {
                String id = def.steps().get(i).id();
                StepRun run = v.steps().stream().filter(r -> r.stepId().equals(id))
                        .findFirst().orElse(null);
                if (run != null && run.status() == StepStatus.COMPLETED) {
                    return outputs.get(run.stepId());
                }
            }
            return Json.object();
        }
        if (select.size() == 1) {
            return pick(outputs, select.getFirst());
        }
        ObjectNode out = Json.object();
        select.forEach(s -> out.set(s, pick(outputs, s)));
        return out;
    }

    private static JsonNode pick(Map<String, JsonNode> outputs, String path) {
        String[] parts = path.split("\\.");
        JsonNode at = outputs.get(parts[0]);
        for (int i = 1; i < parts.length && at != null; i++) {
            at = at.get(parts[i]);
        }
        return at == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : at;
    }
}
