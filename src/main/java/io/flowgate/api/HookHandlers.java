package io.flowgate.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.NotFoundException;
import io.flowgate.core.Json;
import io.flowgate.trigger.webhook.InboundRequest;
import io.flowgate.trigger.webhook.WebhookIntake;
import io.flowgate.trigger.webhook.WebhookReply;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ANY /hooks/{hookId}[/{sub-path}]}: adapts the HTTP request to an {@link InboundRequest},
 * lets the {@link WebhookIntake} decide, and writes its {@link WebhookReply}. Nothing else.
 */
final class HookHandlers {
    private final WebhookIntake intake;
    private final RequestBodies bodies;

    HookHandlers(WebhookIntake intake, RequestBodies bodies) {
        this.intake = intake;
        this.bodies = bodies;
    }

    void hook(Context ctx) throws InterruptedException {
        String hookId = ctx.pathParam("hookId");
        if (intake == null) {
            throw new NotFoundException("hook", hookId);
        }
        String sub = ctx.pathParamMap().containsKey("sub") ? ctx.pathParam("sub") : "";
        write(ctx, intake.hook(hookId, inbound(ctx, sub, bodies)));
    }

    static InboundRequest inbound(Context ctx, String subPath, RequestBodies bodies) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .addAll(Collections.list(ctx.req().getHeaders(name)));
        }
        return new InboundRequest(ctx.method().name(), ctx.path(), subPath, query(ctx.queryString()), headers,
                bodies.bytes(ctx), ctx.header("Content-Type"));
    }

    /**
     * Always UTF-8, whatever charset the Content-Type names (the container would use it, and throw on an
     * unknown one); a malformed %-escape is kept as written rather than failing the request.
     */
    static Map<String, List<String>> query(String queryString) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (queryString == null || queryString.isEmpty()) {
            return out;
        }
        for (String pair : queryString.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** A textual body is sent as written (UTF-8), any other as JSON; the reply decides the Content-Type. */
    static void write(Context ctx, WebhookReply reply) {
        ctx.status(reply.status());
        reply.headers().forEach(ctx::header);
        if (reply.body() == null) {
            return;
        }
        ctx.contentType(reply.contentType()).result(reply.body().isTextual()
                ? reply.body().asText().getBytes(StandardCharsets.UTF_8) : jsonBytes(reply.body()));
    }

    private static byte[] jsonBytes(JsonNode body) {
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise a webhook reply", e);
        }
    }
}
