package io.flowgate.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.auth.Principal;
import io.flowgate.core.BadRequestException;
import io.flowgate.core.Json;
import io.flowgate.core.NotFoundException;
import io.flowgate.delivery.SigningSecrets;
import io.flowgate.store.Delivery;
import io.flowgate.store.DeliveryAttempt;
import io.flowgate.store.DeliveryStatus;
import io.flowgate.store.DeliveryStore;
import io.flowgate.workflow.WorkflowSummary;
import io.javalin.http.Context;
import java.time.Clock;

/**
 * Outbound webhooks: the delivery log (list, one with its attempts, redeliver) and the signing
 * secrets of a workflow (create, list, revoke). Secret values are shown once, at creation.
 */
final class DeliveryHandlers {
    private final ApiDependencies.Deliveries deliveries;
    private final WorkflowLookup lookup;
    private final Clock clock;

    DeliveryHandlers(ApiDependencies.Deliveries deliveries, WorkflowLookup lookup, Clock clock) {
        this.deliveries = deliveries;
        this.lookup = lookup;
        this.clock = clock;
    }

    void list(Context ctx) {
        Principal caller = Access.principal(ctx);
        String team = WorkflowHandlers.blankToNull(ctx.queryParam("team"));
        if (team == null && caller.teams().size() == 1) {
            team = caller.teams().getFirst();
        }
        String status = WorkflowHandlers.blankToNull(ctx.queryParam("status"));
        DeliveryStatus wanted;
        try {
            wanted = status == null ? null : DeliveryStatus.fromWire(status);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("invalid_status", e.getMessage());
        }
        Integer limit = Params.optionalPositiveInt(ctx.queryParam("limit"), "limit");
        ObjectNode answer = Json.object();
        ArrayNode items = answer.putArray("items");
        if (team != null && !caller.canSee(team)) {
            ctx.json(answer);
            return;
        }
        for (Delivery d : store().list(new DeliveryStore.Query(team,
                WorkflowHandlers.blankToNull(ctx.queryParam("executionId")),
                WorkflowHandlers.blankToNull(ctx.queryParam("workflowId")), wanted, limit == null ? 0 : limit))) {
            if (caller.canSee(d.team())) {
                items.add(summary(d));
            }
        }
        ctx.json(answer);
    }

    void get(Context ctx) {
        Delivery d = visible(ctx);
        ObjectNode doc = summary(d);
        ArrayNode attempts = doc.putArray("attemptLog");
        for (DeliveryAttempt a : store().attempts(d.id())) {
            ObjectNode item = attempts.addObject();
            item.put("n", a.n());
            item.put("at", WorkflowDocuments.iso(a.at()));
            item.put("statusCode", a.statusCode());
            item.put("latencyMs", a.latencyMillis());
            item.put("response", a.response());
            item.put("error", a.error());
        }
        ctx.json(doc);
    }

    void redeliver(Context ctx) {
        Delivery d = visible(ctx);
        store().redeliver(d.id(), clock.instant());
        deliveries.wake().run();
        ctx.status(202).json(summary(store().find(d.id()).orElseThrow()));
    }

    void createSecret(Context ctx) {
        WorkflowSummary w = workflow(ctx);
        SigningSecrets.Created created = signing().create(w.team(), w.id());
        ObjectNode answer = Json.object();
        answer.put("id", created.id());
        answer.put("secret", created.secret());
        answer.put("createdAt", WorkflowDocuments.iso(created.createdAt()));
        ctx.status(201).json(answer);
    }

    void listSecrets(Context ctx) {
        WorkflowSummary w = workflow(ctx);
        ObjectNode answer = Json.object();
        ArrayNode items = answer.putArray("items");
        for (SigningSecrets.Info s : signing().list(w.team(), w.id())) {
            items.addObject().put("id", s.id()).put("createdAt", WorkflowDocuments.iso(s.createdAt()));
        }
        ctx.json(answer);
    }

    void revokeSecret(Context ctx) {
        WorkflowSummary w = workflow(ctx);
        if (!signing().revoke(w.team(), w.id(), ctx.pathParam("secretId"))) {
            throw new NotFoundException("signing secret", ctx.pathParam("secretId"));
        }
        ctx.status(204);
    }

    static ObjectNode summary(Delivery d) {
        ObjectNode item = Json.object();
        item.put("id", d.id());
        item.put("event", d.event());
        item.put("url", d.url());
        item.put("status", d.status().wire());
        item.put("attempts", d.attempts());
        item.put("lastStatusCode", d.lastStatus());
        item.put("name", d.name());
        item.put("executionId", d.executionId());
        item.put("workflowId", d.workflowId());
        item.put("stepId", d.stepId());
        item.put("lastError", d.lastError());
        item.put("nextAttemptAt", WorkflowDocuments.iso(d.nextAttemptAt()));
        item.put("createdAt", WorkflowDocuments.iso(d.createdAt()));
        return item;
    }

    private Delivery visible(Context ctx) {
        String id = ctx.pathParam("id");
        return store().find(id).filter(d -> Access.principal(ctx).canSee(d.team()))
                .orElseThrow(() -> new NotFoundException("delivery", id));
    }

    private WorkflowSummary workflow(Context ctx) {
        return lookup.resolve(Access.principal(ctx), ctx.pathParam("id"),
                WorkflowHandlers.blankToNull(ctx.queryParam("team")));
    }

    private DeliveryStore store() {
        if (deliveries == null) {
            throw new NotFoundException("deliveries", "outbound webhooks are not enabled on this server");
        }
        return deliveries.store();
    }

    private SigningSecrets signing() {
        if (deliveries == null) {
            throw new NotFoundException("signing secrets", "outbound webhooks are not enabled on this server");
        }
        return deliveries.signing();
    }
}
