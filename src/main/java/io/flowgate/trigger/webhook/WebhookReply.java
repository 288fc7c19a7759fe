package io.flowgate.trigger.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flowgate.core.BadRequestException;
import io.flowgate.core.ConflictException;
import io.flowgate.core.FlowgateException;
import io.flowgate.core.Json;
import io.flowgate.core.NotFoundException;
import io.flowgate.core.PayloadTooLargeException;
import io.flowgate.core.UnauthorizedException;
import io.flowgate.core.ValidationException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What to answer an inbound request: status, extra headers and a body. A textual body is text, sent as
 * written (a {@code static} or {@code respond} body that is a string, rendered); any other body is JSON.
 * Null body: no content. A JSON answer that is itself a string is held as its JSON text (see {@link #json}),
 * so the rule needs no flag and survives the idempotency record, which keeps only the body.
 */
public record WebhookReply(int status, Map<String, String> headers, JsonNode body) {
    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";
    /** "Parses as JSON" means one whole value: {@code {"a":1} x} is text. */
    private static final ObjectReader STRICT =
            Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public WebhookReply {
        headers = Map.copyOf(headers);
    }

    /** A JSON answer. A JSON string is kept as its encoded text ({@code "\"ok\""}), which is sent as JSON. */
    static WebhookReply json(int status, JsonNode body) {
        return new WebhookReply(status, Map.of(),
                body != null && body.isTextual() ? TextNode.valueOf(Json.write(body)) : body);
    }

    /**
     * The Content-Type to send: the one in {@link #headers} if set; else JSON for a JSON body; for text,
     * {@value #JSON} when it parses as JSON and {@value #TEXT} when it does not. Null without a body.
     */
    public String contentType() {
        String configured = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Content-Type"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (configured != null || body == null) {
            return configured;
        }
        return !body.isTextual() || parsesAsJson(body.asText()) ? JSON : TEXT;
    }

    static boolean parsesAsJson(String text) {
        try {
            JsonNode parsed = STRICT.readTree(text);
            return parsed != null && !parsed.isMissingNode();
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    static WebhookReply accepted(String executionId) {
        ObjectNode body = Json.object();
        body.put("activityId", executionId);
        return new WebhookReply(202, Map.of("Location", "/api/v1/executions/" + executionId), body);
    }

    static WebhookReply error(int status, String code, String msg) {
        ObjectNode body = Json.object();
        body.put("code", code);
        body.put("msg", msg);
        return json(status, body);
    }

    /** The same {"code","msg",…details} shape as every other API error. */
    static WebhookReply of(FlowgateException e) {
        int status = switch (e) {
            case NotFoundException x -> 404;
            case UnauthorizedException x -> 401;
            case PayloadTooLargeException x -> 413;
            case ConflictException x -> 409;
            case ValidationException x -> 400;
            case BadRequestException x -> 400;
            default -> 400;
        };
        ObjectNode body = Json.object();
        body.put("code", e.code());
        body.put("msg", e.getMessage());
        e.details().forEach((k, v) -> {
            if (!k.equals("code") && !k.equals("msg")) {
                body.set(k, Json.valueToTree(v));
            }
        });
        Map<String, String> headers = new LinkedHashMap<>();
        if (e instanceof UnauthorizedException u && u.challenge() != null) {
            headers.put("WWW-Authenticate", u.challenge());
        }
        return new WebhookReply(status, headers, body);
    }

    WebhookReply withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new WebhookReply(status, h, body);
    }
}
