package io.flowgate.engine.steps.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Json;
import io.flowgate.core.Problem;
import io.flowgate.engine.Publisher;
import io.flowgate.engine.steps.StepConfig;
import io.flowgate.engine.steps.StepContext;
import io.flowgate.engine.steps.StepResult;
import io.flowgate.engine.steps.StepType;
import io.flowgate.expr.Template;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code publish}: sends one message to a broker through a named connection and completes only when the broker
 * confirmed it (JetStream ack, AMQP publisher confirm, MQTT PUBACK). The step's message key
 * ({@code executionId:stepId}, the same for every attempt) goes out as the broker's dedupe id where it has one
 * ({@code Nats-Msg-Id}, AMQP {@code message-id}), so an attempt run again after a crash, or a retry after an
 * attempt whose message arrived unconfirmed, is dropped by JetStream's duplicate window or by a Flowgate source
 * reading the message.
 */
public final class PublishStep implements StepType {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final Map<String, Set<String>> TARGETS = Map.of(
            "nats", Set.of("subject"),
            "amqp", Set.of("exchange", "routingKey"),
            "mqtt", Set.of("topic", "qos"));

    @Override
    public String name() {
        return "publish";
    }

    @Override
    public List<Problem> validate(String path, ObjectNode config) {
        StepConfig c = new StepConfig(path, config)
                .onlyFields(Set.of("connection", "nats", "amqp", "mqtt", "body", "headers"))
                .requireText("connection").templates("body").templates("headers");
        List<String> kinds = TARGETS.keySet().stream().filter(config::has).sorted().toList();
        if (kinds.size() != 1) {
            c.problem("nats", "name exactly one target: nats: {subject}, amqp: {exchange, routingKey} or "
                    + "mqtt: {topic, qos}");
            return c.problems();
        }
        String kind = kinds.getFirst();
        JsonNode target = config.get(kind);
        if (!target.isObject()) {
            c.problem(kind, "must be an object");
            return c.problems();
        }
        target.fieldNames().forEachRemaining(f -> {
            if (!TARGETS.get(kind).contains(f)) {
                c.problem(kind + "." + f, "unknown field; allowed here: " + String.join(", ",
                        new java.util.TreeSet<>(TARGETS.get(kind))));
            }
        });
        switch (kind) {
            case "nats" -> requireTemplate(c, target, kind, "subject", false);
            case "amqp" -> {
                requireTemplate(c, target, kind, "exchange", true);
                requireTemplate(c, target, kind, "routingKey", true);
            }
            default -> {
                requireTemplate(c, target, kind, "topic", false);
                JsonNode qos = target.get("qos");
                if (qos != null && (!qos.canConvertToInt() || qos.asInt() < 0 || qos.asInt() > 2)) {
                    c.problem("mqtt.qos", "must be 0, 1 or 2 (default 1)");
                }
                if (config.has("headers")) {
                    c.problem("headers", "MQTT 3.1.1 messages have no headers");
                }
            }
        }
        JsonNode headers = config.get("headers");
        if (headers != null && !headers.isObject()) {
            c.problem("headers", "must be an object of header names to templates");
        }
        return c.problems();
    }

    private static void requireTemplate(StepConfig c, JsonNode target, String kind, String field, boolean mayBeEmpty) {
        JsonNode n = target.get(field);
        if (n == null || !n.isTextual() || (!mayBeEmpty && n.asText().isBlank())) {
            c.problem(kind + "." + field, mayBeEmpty ? "is required (a string, may be empty)" : "is required (a template)");
        } else {
            try {
                Template.parse(n.asText());
            } catch (RuntimeException e) {
                c.problem(kind + "." + field, e.getMessage());
            }
        }
    }

    @Override
    public StepResult execute(StepContext context) {
        ObjectNode config = context.config();
        String kind = TARGETS.keySet().stream().filter(config::has).findFirst().orElseThrow();
        JsonNode target = Template.renderTree(config.get(kind), context.data(), context.clock());
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode renderedHeaders = Template.renderTree(config.get("headers"), context.data(), context.clock());
        if (renderedHeaders != null) {
            renderedHeaders.properties().forEach(e -> headers.put(e.getKey(),
                    e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
        }
        JsonNode body = Template.renderTree(config.get("body"), context.data(), context.clock());
        byte[] bytes;
        String contentType;
        if (body == null || body.isNull() || body.isMissingNode()) {
            bytes = new byte[0];
            contentType = null;
        } else if (body.isTextual()) {
            bytes = body.asText().getBytes(StandardCharsets.UTF_8);
            contentType = isJson(body.asText()) ? "application/json" : "text/plain; charset=utf-8";
        } else {
            bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
            contentType = "application/json";
        }
        for (String name : List.copyOf(headers.keySet())) {
            if (name.toLowerCase(Locale.ROOT).equals("content-type")) {
                contentType = headers.remove(name);
            }
        }
        Duration timeout = context.step().timeout() != null ? context.step().timeout() : DEFAULT_TIMEOUT;
        try {
            JsonNode outputs = context.services().publisher().publish(new Publisher.Message(
                    config.get("connection").asText(), kind, target, bytes, contentType, headers,
                    context.messageKey(), timeout));
            return StepResult.completed(outputs);
        } catch (Publisher.Failure e) {
            return new StepResult.Failed("publish: " + e.getMessage(), e.retryable());
        }
    }

    private static boolean isJson(String text) {
        String t = text.strip();
        if (t.isEmpty() || !(t.startsWith("{") || t.startsWith("[") || t.startsWith("\""))) {
            return false;
        }
        try {
            Json.MAPPER.readTree(t);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
