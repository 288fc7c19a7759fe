package io.flowgate.trigger.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * What to answer an inbound request: status, extra headers and a body (JSON, or text when the body
 * is a JSON string and a non-JSON Content-Type is set). Null body: no content.
 */
public record WebhookReply(int status, Map<String, String> headers, JsonNode body) {

    public WebhookReply {
        headers = Map.copyOf(headers);
    }

    static WebhookReply json(int status, JsonNode body) {
        return new WebhookReply(status, Map.of(), body);
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
