package io.flowgate.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flowgate.core.FlowgateException;
import io.flowgate.core.Json;
import io.flowgate.trigger.event.CloudEventReader;
import io.flowgate.trigger.event.EventDocument;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a broker message into the event the intake stores. A message that is a CloudEvent — binary mode
 * ({@code ce-*} attributes in its headers or application properties, per the protocol bindings) or structured
 * mode (content type {@code application/cloudevents+json}, or a JSON object carrying specversion, id, source
 * and type) — is read with the CloudEvents SDK, as on HTTP. Any other message, and one that claims to be a
 * CloudEvent but is not a valid one, is wrapped: {@code type} and {@code source} from the source's settings,
 * {@code id} the broker's message id, {@code subject} the subject / routing key / topic it came on, and
 * {@code data} the payload, JSON-parsed when it is JSON.
 */
public final class MessageEvents {
    private MessageEvents() {}

    public static EventDocument toEvent(SourceSpec source, Incoming message) {
        EventDocument read = asCloudEvent(message);
        return read != null ? read : wrapped(source, message);
    }

    private static EventDocument asCloudEvent(Incoming m) {
        try {
            if (m.cloudEvents().containsKey("ce-specversion")) {
                Map<String, List<String>> headers = new LinkedHashMap<>();
                m.cloudEvents().forEach((k, v) -> headers.put(k, List.of(v)));
                if (m.contentType() != null) {
                    headers.put("content-type", List.of(m.contentType()));
                }
                return CloudEventReader.read(null, headers, m.body()).getFirst();
            }
            String type = m.contentType() == null ? "" : m.contentType().toLowerCase(Locale.ROOT);
            if (type.startsWith(CloudEventReader.STRUCTURED) || looksStructured(m.body())) {
                return CloudEventReader.read(CloudEventReader.STRUCTURED, Map.of(), m.body()).getFirst();
            }
        } catch (FlowgateException notAnEvent) {
            return null; // wrapped instead: the message is kept, not dropped
        }
        return null;
    }

    /** A JSON object naming specversion (checked cheaply before a parse). */
    private static boolean looksStructured(byte[] body) {
        if (body == null || body.length < 2) {
            return false;
        }
        int i = 0;
        while (i < body.length && Character.isWhitespace(body[i])) {
            i++;
        }
        if (i >= body.length || body[i] != '{') {
            return false;
        }
        return new String(body, StandardCharsets.UTF_8).contains("\"specversion\"");
    }

    static EventDocument wrapped(SourceSpec source, Incoming m) {
        return new EventDocument(m.messageId(), source.eventType(), source.defaultSource(), m.subject(), null,
                data(m.body()));
    }

    private static JsonNode data(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode parsed = Json.MAPPER.readTree(body);
            if (parsed != null && !parsed.isMissingNode()) {
                return parsed;
            }
        } catch (java.io.IOException notJson) {
            // kept as text
        }
        return TextNode.valueOf(new String(body, StandardCharsets.UTF_8));
    }
}
