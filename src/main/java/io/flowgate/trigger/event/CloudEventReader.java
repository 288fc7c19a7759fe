package io.flowgate.trigger.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import io.flowgate.core.BadRequestException;
import io.flowgate.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads CloudEvents 1.0 from an HTTP request in the three HTTP modes, through the CloudEvents SDK:
 * structured ({@code application/cloudevents+json}), batch ({@code application/cloudevents-batch+json}, a
 * JSON array of structured events) and binary (attributes in {@code ce-*} headers, the body is the data).
 * The four required attributes are checked first so that the answer names exactly what is missing; a
 * batch with one bad event is refused whole.
 */
public final class CloudEventReader {
    public static final String STRUCTURED = "application/cloudevents+json";
    public static final String BATCH = "application/cloudevents-batch+json";
    static final List<String> REQUIRED = List.of("specversion", "id", "source", "type");
    /** Reads a CloudEvent straight from a parsed tree through the SDK's Jackson module (no second parse). */
    private static final ObjectMapper SDK = new ObjectMapper().registerModule(JsonFormat.getCloudEventJacksonModule());

    private CloudEventReader() {}

    /** @param headers lower-cased names; {@code contentType} the Content-Type header (may be null) */
    public static List<EventDocument> read(String contentType, Map<String, List<String>> headers, byte[] body) {
        String type = mediaType(contentType);
        if (type.equals(BATCH)) {
            return batch(body);
        }
        if (type.equals(STRUCTURED)) {
            return List.of(structured(parseJson(body), "the event"));
        }
        if (headers.containsKey("ce-specversion") || headers.containsKey("ce-id") || headers.containsKey("ce-type")
                || headers.containsKey("ce-source")) {
            return List.of(binary(headers, body));
        }
        throw new BadRequestException("unsupported_event_encoding", "Send CloudEvents as " + STRUCTURED + ", as "
                + BATCH + ", or in binary mode with ce-specversion, ce-id, ce-source and ce-type headers");
    }

    /** The media type without parameters; {@code ";"} or {@code ""} is the empty type, not an error. */
    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    private static List<EventDocument> batch(byte[] body) {
        JsonNode array = parseJson(body);
        if (!array.isArray()) {
            throw new BadRequestException("invalid_event", "A batch must be a JSON array of CloudEvents");
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String lacks = lacking(array.get(i));
            if (lacks != null) {
                problems.add("event[" + i + "] " + lacks);
            }
        }
        if (!problems.isEmpty()) {
            throw invalid("The batch was refused whole: " + String.join("; ", problems), problems);
        }
        List<EventDocument> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            out.add(structured(array.get(i), "event[" + i + "]"));
        }
        return out;
    }

    private static EventDocument structured(JsonNode node, String which) {
        String lacks = lacking(node);
        if (lacks != null) {
            throw invalid(capitalise(which) + " " + lacks, List.of(which + " " + lacks));
        }
        try {
            return EventDocument.of(SDK.treeToValue(node, CloudEvent.class));
        } catch (java.io.IOException | EventDeserializationException | IllegalArgumentException
                 | IllegalStateException e) {
            throw invalid(capitalise(which) + " is not a valid CloudEvent: " + message(e), List.of());
        }
    }

    private static EventDocument binary(Map<String, List<String>> headers, byte[] body) {
        List<String> missing = new ArrayList<>();
        List<String> repeated = new ArrayList<>();
        for (String attribute : REQUIRED) {
            List<String> v = headers.get("ce-" + attribute);
            if (v == null || v.isEmpty() || v.getFirst().isBlank()) {
                missing.add("ce-" + attribute);
            } else if (v.size() > 1) {
                repeated.add("ce-" + attribute);
            }
        }
        if (!missing.isEmpty()) {
            throw invalid("The event lacks the header(s) " + String.join(", ", missing), missing);
        }
        // The SDK takes the last of repeated headers, which this check did not see (a blank ce-type got through).
        if (!repeated.isEmpty()) {
            throw invalid("The event repeats the header(s) " + String.join(", ", repeated) + "; send each once",
                    repeated);
        }
        Map<String, List<String>> all = new LinkedHashMap<>(headers);
        try {
            MessageReader reader = HttpMessageFactory.createReaderFromMultimap(all, body);
            return EventDocument.of(reader.toEvent());
        } catch (RuntimeException e) {
            throw invalid("The event is not a valid CloudEvent: " + message(e), List.of());
        }
    }

    /** "lacks id, source" for the required attributes absent or empty; null when all are there. */
    static String lacking(JsonNode node) {
        if (node == null || !node.isObject()) {
            return "is not a JSON object";
        }
        List<String> missing = new ArrayList<>();
        for (String attribute : REQUIRED) {
            JsonNode v = node.get(attribute);
            if (v == null || v.isNull() || !v.isTextual() || v.asText().isBlank()) {
                missing.add(attribute);
            }
        }
        return missing.isEmpty() ? null : "lacks " + String.join(", ", missing);
    }

    private static JsonNode parseJson(byte[] body) {
        if (body == null || body.length == 0) {
            throw new BadRequestException("invalid_event", "The request has no body");
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new BadRequestException("invalid_json", "The request body is not valid JSON: " + message(e));
        }
    }

    private static BadRequestException invalid(String message, List<String> problems) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (!problems.isEmpty()) {
            details.put("problems", problems);
        }
        return new BadRequestException("invalid_event", message, details);
    }

    private static String capitalise(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return m.length() > 300 ? m.substring(0, 300) + "…" : m;
    }

    /** The {@code data} of an SDK event as JSON: parsed when it is JSON, else its text. */
    static JsonNode data(CloudEvent e) {
        CloudEventData data = e.getData();
        if (data == null) {
            return null;
        }
        if (data instanceof JsonCloudEventData json) {
            return json.getNode();
        }
        byte[] bytes = data.toBytes();
        String type = e.getDataContentType();
        if (type == null || type.toLowerCase(Locale.ROOT).contains("json")) {
            try {
                return Json.MAPPER.readTree(bytes);
            } catch (java.io.IOException notJson) {
                // fall through: keep it as text
            }
        }
        ObjectNode holder = Json.object();
        holder.put("v", new String(bytes, StandardCharsets.UTF_8));
        return holder.get("v");
    }
}
