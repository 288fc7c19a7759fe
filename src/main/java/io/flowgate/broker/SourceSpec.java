package io.flowgate.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.BadRequestException;
import io.flowgate.core.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An event source as created: which connection, what to consume (one of the kinds' blocks) and how a plain
 * message becomes an event. Parsed and checked once; every problem is named.
 *
 * @param target      the kind's block with defaults filled in ({@code nats: {stream, subject, durable}},
 *                    {@code amqp: {queue, declare}}, {@code mqtt: {topic, qos, shared}})
 * @param eventType   the {@code type} of wrapped messages
 * @param eventSource the {@code source} of wrapped messages, or null for the connection and subject
 */
public record SourceSpec(String name, String connection, BrokerKind kind, ObjectNode target, String eventType,
                         String eventSource) {
    public static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,62}$");
    public static final String DEFAULT_TYPE = "flowgate.message";
    private static final Pattern DURABLE = Pattern.compile("^[A-Za-z0-9_-]{1,128}$");
    private static final Map<BrokerKind, Set<String>> FIELDS = Map.of(
            BrokerKind.NATS, Set.of("stream", "subject", "durable"),
            BrokerKind.AMQP, Set.of("queue", "declare"),
            BrokerKind.MQTT, Set.of("topic", "qos", "shared"));

    public String text(String field) {
        JsonNode n = target.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    /** The NATS subject filter, AMQP queue or MQTT topic filter: what the default event source names. */
    public String consumes() {
        return switch (kind) {
            case NATS -> text("subject");
            case AMQP -> text("queue");
            case MQTT -> text("topic");
        };
    }

    /** The event source of wrapped messages: as configured, else {@code <connection>/<subject, queue or topic>}. */
    public String defaultSource() {
        return eventSource != null ? eventSource : connection + "/" + consumes();
    }

    /**
     * Whether only one node at a time may consume it: an MQTT subscription that is not a shared one (every node
     * would get every message). The others share the messages out on the broker's side.
     */
    public boolean singleConsumer() {
        return kind == BrokerKind.MQTT && !target.path("shared").asBoolean();
    }

    public ObjectNode toJson() {
        ObjectNode out = Json.object();
        out.put("name", name);
        out.put("connection", connection);
        out.put("kind", kind.wire());
        out.set(kind.wire(), target.deepCopy());
        ObjectNode event = out.putObject("event");
        event.put("type", eventType);
        if (eventSource != null) {
            event.put("source", eventSource);
        }
        return out;
    }

    /** Reads a source from its JSON form (the API body, or a stored spec); throws 400 naming every problem. */
    public static SourceSpec parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new BadRequestException("invalid_event_source", "Send the source as a JSON object");
        }
        List<String> problems = new ArrayList<>();
        Set<String> allowed = Set.of("name", "connection", "kind", "nats", "amqp", "mqtt", "event");
        body.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                problems.add(f + ": unknown field; allowed: connection, event, mqtt, name, amqp, nats");
            }
        });
        String name = text(body, "name");
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add("name: is required: lower-case letters, digits, '-' and '_', at most 63, e.g. shop-orders");
        }
        String connection = text(body, "connection");
        if (connection == null || connection.isBlank()) {
            problems.add("connection: is required: the name of a connection");
        }
        List<BrokerKind> kinds = new ArrayList<>();
        for (BrokerKind k : BrokerKind.values()) {
            if (body.has(k.wire())) {
                kinds.add(k);
            }
        }
        BrokerKind kind = null;
        ObjectNode target = Json.object();
        if (kinds.size() != 1) {
            problems.add("nats: name exactly one of nats: {stream, subject, durable}, amqp: {queue, declare}, "
                    + "mqtt: {topic, qos}");
        } else if (!body.get(kinds.getFirst().wire()).isObject()) {
            problems.add(kinds.getFirst().wire() + ": must be an object");
        } else {
            kind = kinds.getFirst();
            target = ((ObjectNode) body.get(kind.wire())).deepCopy();
            checkTarget(kind, name, target, problems);
        }
        String type = DEFAULT_TYPE;
        String source = null;
        JsonNode event = body.get("event");
        if (event != null && !event.isNull()) {
            if (!event.isObject()) {
                problems.add("event: must be an object {type, source}");
            } else {
                event.fieldNames().forEachRemaining(f -> {
                    if (!f.equals("type") && !f.equals("source")) {
                        problems.add("event." + f + ": unknown field; allowed: source, type");
                    }
                });
                JsonNode t = event.get("type");
                if (t != null && !t.isNull()) {
                    if (!t.isTextual() || t.asText().isBlank() || t.asText().contains("*")) {
                        problems.add("event.type: must be a CloudEvents type without wildcards");
                    } else {
                        type = t.asText();
                    }
                }
                JsonNode s = event.get("source");
                if (s != null && !s.isNull()) {
                    if (!s.isTextual() || s.asText().isBlank()) {
                        problems.add("event.source: must be a non-empty string");
                    } else {
                        source = s.asText();
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("problems", problems);
            throw new BadRequestException("invalid_event_source", "The event source is not valid: "
                    + String.join("; ", problems), details);
        }
        return new SourceSpec(name, connection, kind, target, type, source);
    }

    private static void checkTarget(BrokerKind kind, String name, ObjectNode t, List<String> problems) {
        String k = kind.wire();
        t.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.get(kind).contains(f)) {
                problems.add(k + "." + f + ": unknown field; allowed: " + String.join(", ",
                        new java.util.TreeSet<>(FIELDS.get(kind))));
            }
        });
        switch (kind) {
            case NATS -> {
                requireText(t, k, "stream", problems);
                requireText(t, k, "subject", problems);
                if (!t.hasNonNull("durable") && name != null) {
                    t.put("durable", "flowgate-" + name);
                }
                String durable = text(t, "durable");
                if (durable == null || !DURABLE.matcher(durable).matches()) {
                    problems.add("nats.durable: letters, digits, '-' and '_' only (default flowgate-<name>)");
                }
            }
            case AMQP -> {
                requireText(t, k, "queue", problems);
                JsonNode declare = t.get("declare");
                if (declare == null || declare.isNull()) {
                    t.put("declare", false);
                } else if (!declare.isBoolean()) {
                    problems.add("amqp.declare: must be true or false (default false)");
                }
            }
            case MQTT -> {
                requireText(t, k, "topic", problems);
                JsonNode qos = t.get("qos");
                if (qos == null || qos.isNull()) {
                    t.put("qos", 1);
                } else if (!qos.canConvertToInt() || qos.asInt() != 1) {
                    problems.add("mqtt.qos: must be 1 (at least once, acknowledged after the commit)");
                }
                JsonNode shared = t.get("shared");
                if (shared == null || shared.isNull()) {
                    t.put("shared", false);
                } else if (!shared.isBoolean()) {
                    problems.add("mqtt.shared: must be true or false (default false)");
                }
            }
        }
    }

    private static void requireText(ObjectNode t, String kind, String field, List<String> problems) {
        JsonNode n = t.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            problems.add(kind + "." + field + ": is required (a string)");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n != null && n.isTextual() ? n.asText() : null;
    }
}
