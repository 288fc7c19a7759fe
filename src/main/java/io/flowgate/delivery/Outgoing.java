package io.flowgate.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Json;
import io.flowgate.expr.Template;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The request one attempt sends: the URL and auth rendered against the secrets at send time
 * (rendered values are never stored), the body (with {@code clientSecret} for client-secret auth).
 * Signature headers are added by the worker, over this exact body.
 */
record Outgoing(URI uri, String body, Map<String, String> headers) {
    static final int MAX_CLIENT_SECRET = 250;
    static final int MAX_BASIC_PART = 100;

    /** A message that cannot be sent as configured; retrying would not help. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    static Outgoing prepare(String url, String configJson, String payload, Map<String, String> secrets, Clock clock) {
        ObjectNode context = Json.object();
        context.set("secrets", Json.valueToTree(secrets));
        String target = render(url, context, clock);
        URI uri;
        try {
            uri = URI.create(target);
        } catch (IllegalArgumentException e) {
            throw new Refused("'" + target + "' is not a URL");
        }
        JsonNode config = Json.read(configJson);
        JsonNode auth = config.get("auth");
        Map<String, String> headers = new LinkedHashMap<>();
        String body = payload;
        String type = auth == null || auth.isNull() ? "none" : auth.isTextual() ? auth.textValue()
                : auth.path("type").asText("none");
        switch (type) {
            case "none" -> { }
            case "client-secret" -> {
                String secret = field(auth, "secret", context, clock, MAX_CLIENT_SECRET);
                ObjectNode withSecret = (ObjectNode) Json.read(payload);
                withSecret.put("clientSecret", secret);
                body = Json.write(withSecret);
            }
            case "basic" -> {
                String user = field(auth, "username", context, clock, MAX_BASIC_PART);
                String password = field(auth, "password", context, clock, MAX_BASIC_PART);
                headers.put("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
            }
            case "bearer" -> headers.put("Authorization", "Bearer " + field(auth, "token", context, clock, 0));
            default -> throw new Refused("Unknown auth type '" + type + "'");
        }
        return new Outgoing(uri, body, headers);
    }

    private static String field(JsonNode auth, String name, JsonNode context, Clock clock, int max) {
        JsonNode node = auth.get(name);
        if (node == null || !node.isTextual()) {
            throw new Refused("auth." + name + " is missing");
        }
        String value = render(node.textValue(), context, clock);
        if (max > 0 && value.length() > max) {
            throw new Refused("auth." + name + " is " + value.length() + " characters once rendered; at most " + max);
        }
        return value;
    }

    private static String render(String text, JsonNode context, Clock clock) {
        if (!Template.hasExpressions(text)) {
            return text;
        }
        try {
            return Template.parse(text).renderText(context, clock);
        } catch (RuntimeException e) {
            throw new Refused("Cannot render '" + text + "': " + e.getMessage());
        }
    }
}
