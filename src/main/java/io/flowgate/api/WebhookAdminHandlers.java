package io.flowgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.BadRequestException;
import io.flowgate.core.Json;
import io.flowgate.core.NotFoundException;
import io.flowgate.core.Page;
import io.flowgate.store.WebhookStore.RequestEntry;
import io.flowgate.store.WorkflowStore;
import io.flowgate.trigger.webhook.ParamCheck;
import io.flowgate.trigger.webhook.WebhookCredentials;
import io.flowgate.trigger.webhook.WebhookIntake;
import io.flowgate.workflow.WorkflowSummary;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Management of a workflow's inbound webhook (docs/api.md#inbound-webhooks-issue-3): tokens and HMAC secrets
 * (shown once), hook id regeneration, capture, parameter proposals and the request log.
 */
final class WebhookAdminHandlers {
    static final int DEFAULT_REQUESTS = 50;
    static final int MAX_REQUESTS = 500;

    private final WebhookIntake intake;
    private final WorkflowStore workflows;
    private final WorkflowLookup lookup;
    private final RequestBodies bodies;
    private final Supplier<String> publicUrl;

    WebhookAdminHandlers(WebhookIntake intake, WorkflowStore workflows, WorkflowLookup lookup, RequestBodies bodies,
                         Supplier<String> publicUrl) {
        this.intake = intake;
        this.workflows = workflows;
        this.lookup = lookup;
        this.bodies = bodies;
        this.publicUrl = publicUrl;
    }

    void createToken(Context ctx) {
        WorkflowSummary w = resolve(ctx);
        bodies.object(ctx);
        WebhookCredentials.CreatedToken created = credentials().createToken(w.team(), w.id());
        ObjectNode out = Json.object();
        out.put("id", created.row().id());
        out.put("token", created.token());
        out.put("prefix", created.row().prefix());
        out.put("createdAt", created.row().createdAt().toString());
        ctx.status(201).json(out);
    }

    void listTokens(Context ctx) {
        WorkflowSummary w = resolve(ctx);
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("items");
        credentials().tokens(w.team(), w.id()).forEach(t -> {
            ObjectNode item = items.addObject();
            item.put("id", t.id());
            item.put("prefix", t.prefix());
            item.put("createdAt", t.createdAt().toString());
            item.put("revokedAt", t.revokedAt() == null ? null : t.revokedAt().toString());
        });
        ctx.json(out);
    }

    void revokeToken(Context ctx) {
        WorkflowSummary w = resolve(ctx);
        credentials().revokeToken(w.team(), w.id(), ctx.pathParam("tokenId"));
        ctx.status(204);
    }

    void createSecret(Context ctx) {
        WorkflowSummary w = resolve(ctx);
        bodies.object(ctx);
        WebhookCredentials.CreatedSecret created = credentials().createSecret(w.team(), w.id());
        ObjectNode out = Json.object();
        out.put("id", created.row().id());
        out.put("secret", created.secret());
        out.put("createdAt", created.row().createdAt().toString());
        ctx.status(201).json(out);
    }

    void listSecrets(Context ctx) {
        WorkflowSummary w = resolve(ctx);
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("items");
        credentials().secretRows(w.team(), w.id()).forEach(s -> {
            ObjectNode item = items.addObject();
            item.put("id", s.id());
            item.put("createdAt", s.createdAt().toString());
        });
        ctx.json(out);
    }

    void revokeSecret(Context ctx) {
        WorkflowSummary w = resolve(ctx);
        credentials().revokeSecret(w.team(), w.id(), ctx.pathParam("secretId"));
        ctx.status(204);
    }

    void regenerate(Context ctx) {
        WorkflowSummary w = resolve(ctx);
        String hookId = workflows.regenerateHookId(w.team(), w.id());
        ObjectNode out = Json.object();
        out.put("hookId", hookId);
        out.put("url", publicUrl.get() + "/hooks/" + hookId);
        ctx.json(out);
    }

    void capture(Context ctx) throws InterruptedException {
        WorkflowSummary w = resolve(ctx);
        String t = ctx.queryParam("timeout");
        Duration timeout = t == null || t.isBlank() ? Duration.ofMinutes(3) : Params.duration(t, "timeout");
        ObjectNode out = intake().capture(w.team(), w.id(), timeout).orElseGet(Json::object);
        out.put("captured", out.has("request"));
        ctx.json(out);
    }

    /** {@code {"sample": {…}}} (a JSON body) or {@code {"pairs": {k: v}, "in": "query"}} → proposed params. */
    void proposeParams(Context ctx) {
        resolve(ctx);
        JsonNode body = bodies.object(ctx);
        ObjectNode out = Json.object();
        if (body.has("sample")) {
            out.set("params", ParamCheck.fromSample(body.get("sample")));
        } else if (body.path("pairs").isObject()) {
            String in = body.path("in").asText("body");
            if (!java.util.Set.of("body", "query", "header", "path").contains(in)) {
                throw new BadRequestException("invalid_in", "'in' must be body, query, header or path");
            }
            out.set("params", ParamCheck.fromPairs(body.get("pairs"), in));
        } else {
            throw new BadRequestException("invalid_body", "Send {\"sample\": {…}} or {\"pairs\": {…}}");
        }
        ctx.json(out);
    }

    void requests(Context ctx) {
        WorkflowSummary w = resolve(ctx);
        String l = ctx.queryParam("limit");
        int limit = l == null || l.isBlank() ? DEFAULT_REQUESTS : Params.positiveInt(l, "limit");
        Page<RequestEntry> page = intake().requests(w.team(), w.id(),
                WorkflowHandlers.blankToNull(ctx.queryParam("cursor")), Math.min(limit, MAX_REQUESTS));
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("items");
        for (RequestEntry e : page.items()) {
            ObjectNode item = items.addObject();
            item.put("id", e.id());
            item.put("receivedAt", e.receivedAt().toString());
            item.put("method", e.method());
            item.put("path", e.path());
            item.set("headers", e.headers());
            item.put("body", e.body());
            item.put("status", e.status());
            item.put("activityId", e.executionId());
        }
        // Older entries: pass `next` back as `cursor`; null on the last page.
        out.put("next", page.next());
        ctx.json(out);
    }

    private WorkflowSummary resolve(Context ctx) {
        return lookup.resolve(Access.principal(ctx), ctx.pathParam("id"),
                WorkflowHandlers.blankToNull(ctx.queryParam("team")));
    }

    private WebhookIntake intake() {
        if (intake == null) {
            throw new NotFoundException("route", "webhooks");
        }
        return intake;
    }

    private WebhookCredentials credentials() {
        return intake().credentials();
    }
}
