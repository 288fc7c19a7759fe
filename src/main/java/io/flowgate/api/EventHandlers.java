package io.flowgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.auth.Principal;
import io.flowgate.auth.Role;
import io.flowgate.core.ForbiddenException;
import io.flowgate.core.Json;
import io.flowgate.core.NotFoundException;
import io.flowgate.core.UnauthorizedException;
import io.flowgate.engine.Executions;
import io.flowgate.engine.Executions.ExecutionView;
import io.flowgate.store.EventStore.EventRun;
import io.flowgate.store.EventStore.StoredEvent;
import io.flowgate.store.WebhookStore.TokenRow;
import io.flowgate.trigger.event.Approvals;
import io.flowgate.trigger.event.EventIntake;
import io.flowgate.trigger.webhook.WebhookCredentials;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Custom events and approvals: {@code POST /api/v1/events} (an API key with the operator role, or a
 * workflow's token — then the events reach that workflow only), {@code GET /api/v1/events}, and
 * {@code POST /api/v1/executions/{id}/steps/{stepId}/approve | reject}.
 */
final class EventHandlers {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final ApiDependencies.Events events;
    private final Executions executions;
    private final RequestBodies bodies;

    EventHandlers(ApiDependencies.Events events, Executions executions, RequestBodies bodies) {
        this.events = events;
        this.executions = executions;
        this.bodies = bodies;
    }

    void send(Context ctx) {
        EventIntake.Scope scope = scope(ctx);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .addAll(Collections.list(ctx.req().getHeaders(name)));
        }
        int accepted = available().intake().accept(ctx.header("Content-Type"), headers, bodies.bytes(ctx), scope);
        ObjectNode out = Json.object();
        out.put("accepted", accepted);
        ctx.status(202).json(out);
    }

    /**
     * An API key (operator or higher): the workflows of its teams (every team's for an all-teams key). A
     * workflow's token: that workflow only.
     */
    private EventIntake.Scope scope(Context ctx) {
        Principal key = Access.optionalPrincipal(ctx);
        if (key != null) {
            if (!key.has(Role.OPERATOR)) {
                throw new ForbiddenException("Sending events needs the operator role; the key has "
                        + key.role().wire());
            }
            return EventIntake.Scope.ofTeams(key.allTeams() ? null : key.teams());
        }
        String token = Access.bearer(ctx);
        TokenRow row = available().tokens().authenticate(token)
                .orElseThrow(() -> new UnauthorizedException("The API key or workflow token is not valid", "Bearer"));
        return EventIntake.Scope.ofWorkflow(row.team(), row.workflowId());
    }

    void list(Context ctx) {
        Principal caller = Access.principal(ctx);
        String type = WorkflowHandlers.blankToNull(ctx.queryParam("type"));
        String limitParam = ctx.queryParam("limit");
        int limit = limitParam == null ? DEFAULT_LIMIT : Math.min(MAX_LIMIT, Params.positiveInt(limitParam, "limit"));
        List<StoredEvent> recent = available().store().recent(type, limit).stream()
                .filter(e -> visible(e, caller)).toList();
        Map<String, List<EventRun>> runs = new LinkedHashMap<>();
        for (EventRun r : available().store().runsOf(recent.stream().map(StoredEvent::seq).toList())) {
            runs.computeIfAbsent(r.seq(), k -> new ArrayList<>()).add(r);
        }
        ArrayNode items = Json.MAPPER.createArrayNode();
        for (StoredEvent e : recent) {
            ObjectNode item = items.addObject();
            item.setAll((ObjectNode) e.document());
            item.put("receivedAt", e.receivedAt().toString());
            item.put("processed", e.processedAt() != null);
            if (e.workflowId() != null) {
                item.put("workflowId", e.workflowId());
            }
            ArrayNode started = item.putArray("started");
            ArrayNode resumed = item.putArray("resumed");
            for (EventRun r : runs.getOrDefault(e.seq(), List.of())) {
                (r.kind().equals("started") ? started : resumed).add(r.executionId());
            }
        }
        ObjectNode out = Json.object();
        out.set("items", items);
        ctx.json(out);
    }

    /**
     * Whether {@code caller} may see event {@code e}: an event sent with a workflow's token belongs to that
     * workflow's team, one sent with a team-scoped key to the key's teams (the caller must see all of them),
     * and one sent with an all-teams key or emitted by a step to no team (everyone sees it).
     */
    static boolean visible(StoredEvent e, Principal caller) {
        if (e.team() != null) {
            return caller.canSee(e.team());
        }
        return e.teams() == null || e.teams().stream().allMatch(caller::canSee);
    }

    /**
     * {@code GET /api/v1/approvals[?executionId=]}: approval steps waiting for a decision, in the caller's teams
     * (of one run with {@code executionId}: the console's execution view).
     */
    void approvals(Context ctx) {
        Principal caller = Access.principal(ctx);
        String limitParam = ctx.queryParam("limit");
        int limit = limitParam == null ? DEFAULT_LIMIT : Math.min(MAX_LIMIT, Params.positiveInt(limitParam, "limit"));
        ArrayNode items = Json.MAPPER.createArrayNode();
        String executionId = ctx.queryParam("executionId");
        for (Approvals.Pending p : available().approvals().pending(caller.allTeams() ? null : caller.teams(),
                executionId == null || executionId.isBlank() ? null : executionId, limit)) {
            ObjectNode item = items.addObject();
            item.put("executionId", p.executionId());
            item.put("stepId", p.stepId());
            item.put("team", p.team());
            item.put("workflowId", p.workflowId());
            item.put("message", p.message());
            item.set("approvers", Json.valueToTree(p.approvers()));
            item.put("waitingSince", p.since().toString());
        }
        ObjectNode out = Json.object();
        out.set("items", items);
        ctx.json(out);
    }

    void approve(Context ctx) {
        decide(ctx, true);
    }

    void reject(Context ctx) {
        decide(ctx, false);
    }

    private void decide(Context ctx, boolean approve) {
        Principal caller = Access.principal(ctx);
        String id = ctx.pathParam("id");
        String stepId = ctx.pathParam("stepId");
        ExecutionView view = executions.get(id).filter(v -> caller.canSee(v.execution().team()))
                .orElseThrow(() -> new NotFoundException("execution", id));
        io.flowgate.engine.StepRun run = view.steps().stream().filter(s -> s.stepId().equals(stepId)).findFirst()
                .orElseThrow(() -> new NotFoundException("step", stepId));
        boolean stepWaits = !view.execution().status().terminal() && !run.status().terminal();
        JsonNode body = bodies.object(ctx);
        JsonNode comment = body.get("comment");
        if (comment != null && !comment.isNull() && !comment.isTextual()) {
            throw new io.flowgate.core.BadRequestException("invalid_comment", "'comment' must be a string");
        }
        ObjectNode outputs = available().approvals().decide(id, stepId, stepWaits, approve,
                new Approvals.Decider(caller.name(), caller.role().wire()),
                comment == null || comment.isNull() ? null : comment.asText());
        ctx.json(outputs);
    }

    private ApiDependencies.Events available() {
        if (events == null) {
            throw new NotFoundException("route", "events");
        }
        return events;
    }

    /** For the route table: the intake needs either credential, so it is not behind a plain role check. */
    static boolean isEventIntake(String method, String path) {
        return method.equals("POST") && path.equals(Routes.API + "/events");
    }

    static String tokenPrefix() {
        return WebhookCredentials.TOKEN_PREFIX;
    }
}
