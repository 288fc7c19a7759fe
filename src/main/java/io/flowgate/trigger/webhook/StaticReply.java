package io.flowgate.trigger.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Json;
import io.flowgate.expr.Template;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code static} response mode: a fixed status and headers, and a body rendered from the
 * request's {@code trigger.*} pills (a template string, or an object whose strings are templates).
 * It is rendered before the execution exists, so it cannot name the execution. A string body is
 * answered as the rendered text and an object as JSON (see {@link WebhookReply}), so
 * {@code body: '{"ok": true}'} answers that object, not a JSON string holding it.
 */
final class StaticReply {
    private StaticReply() {}

    static WebhookReply render(WebhookResponse cfg, ObjectNode trigger, Clock clock) {
        ObjectNode ctx = Json.object();
        ctx.set("trigger", trigger);
        JsonNode body = cfg.body();
        JsonNode rendered = body == null ? null
                : body.isTextual() ? Template.parse(body.asText()).render(ctx, clock)
                : Template.renderTree(body, ctx, clock);
        Map<String, String> headers = new LinkedHashMap<>();
        if (cfg.headers() != null) {
            cfg.headers().properties().forEach(e -> headers.put(e.getKey(),
                    e.getValue().isTextual() ? Template.parse(e.getValue().asText()).renderText(ctx, clock) : e.getValue().toString()));
        }
        return new WebhookReply(cfg.status(), headers, rendered);
    }
}
