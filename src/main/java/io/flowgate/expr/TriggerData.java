package io.flowgate.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Json;
import io.flowgate.core.TriggerKind;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * What started an execution, as the {@code trigger} data pill (docs/workflows.md#data-pills). Absent parts are null
 * and left out of the JSON, so {@code trigger.body} is undefined for a manual run.
 *
 * @param type          what started the execution
 * @param headers       request headers; names are lower-cased by {@link #toJson()}
 * @param body          parsed JSON, form fields as an object, or text
 * @param raw           the request body as received
 * @param event         the CloudEvent, for event triggers
 */
public record TriggerData(
        TriggerKind type,
        String path,
        JsonNode query,
        JsonNode headers,
        JsonNode body,
        String raw,
        JsonNode event,
        Instant scheduledTime) {

    public static TriggerData manual() {
        return new TriggerData(TriggerKind.MANUAL, null, null, null, null, null, null, null);
    }

    public static TriggerData webhook(String path, JsonNode query, JsonNode headers, JsonNode body, String raw) {
        return new TriggerData(TriggerKind.WEBHOOK, path, query, headers, body, raw, null, null);
    }

    public static TriggerData schedule(Instant scheduledTime) {
        return new TriggerData(TriggerKind.SCHEDULE, null, null, null, null, null, null, scheduledTime);
    }

    public static TriggerData event(JsonNode cloudEvent) {
        return new TriggerData(TriggerKind.EVENT, null, null, null, null, null, cloudEvent, null);
    }

    /** Header values as given (strings or lists); names lower-cased. */
    public static ObjectNode headers(Map<String, ?> headers) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        headers.forEach((name, value) -> out.set(name.toLowerCase(Locale.ROOT),
                value instanceof JsonNode node ? node : Json.valueToTree(value)));
        return out;
    }

    public ObjectNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("type", type.wire());
        if (path != null) {
            out.put("path", path);
        }
        if (query != null) {
            out.set("query", query);
        }
        if (headers != null) {
            out.set("headers", lowerCaseNames(headers));
        }
        if (body != null) {
            out.set("body", body);
        }
        if (raw != null) {
            out.put("raw", raw);
        }
        if (event != null) {
            out.set("event", event);
        }
        if (scheduledTime != null) {
            out.put("scheduledTime", scheduledTime.toString());
        }
        return out;
    }

    private static JsonNode lowerCaseNames(JsonNode headers) {
        if (!headers.isObject()) {
            return headers;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        headers.properties().forEach(e -> out.set(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
        return out;
    }
}
