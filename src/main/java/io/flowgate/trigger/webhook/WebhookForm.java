package io.flowgate.trigger.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Json;
import io.flowgate.core.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A webhook trigger's public form ({@code form: true} or {@code form: {title, description}}), served at
 * {@code /forms/{hookId}}: one field per body parameter, and the conversion of the submitted text
 * fields into the JSON body a webhook call would have sent. A form is refused at save time unless the
 * trigger's auth is {@code none}: a browser filling a public form cannot hold a token, password or
 * signing secret.
 *
 * @param title       shown as the page heading (default: the workflow's name, chosen by the caller)
 * @param description shown under the heading, or null
 * @param fields      the trigger's {@code in: body} parameters, in declared order
 */
public record WebhookForm(String title, String description, List<Field> fields) {
    static final Set<String> KEYS = Set.of("title", "description");

    /** One input: {@code name} is the dotted body path, {@code label} what the person reads. */
    public record Field(String name, String label, String type, boolean required) {}

    /** Problems of the {@code form} value, given the trigger's auth type; {@code at} is the form's path. */
    static List<Problem> problems(JsonNode form, WebhookAuth.Type authType, String at) {
        List<Problem> problems = new ArrayList<>();
        if (form == null || form.isNull() || form.isBoolean() && !form.asBoolean()) {
            return problems;
        }
        if (form.isObject()) {
            form.fieldNames().forEachRemaining(f -> {
                if (!KEYS.contains(f)) {
                    problems.add(Problem.at(at + "." + f, "Unknown field; expected title, description"));
                }
            });
            KEYS.forEach(k -> {
                if (form.has(k) && !form.get(k).isTextual()) {
                    problems.add(Problem.at(at + "." + k, "Must be a string"));
                }
            });
        } else if (!form.isBoolean()) {
            problems.add(Problem.at(at, "Must be true, false or {title, description}"));
        }
        if (authType != null && authType != WebhookAuth.Type.NONE) {
            problems.add(Problem.at(at, "A public form needs auth 'none' (this trigger's auth is '" + authType.wire()
                    + "'): a browser filling the form cannot send a token, password or signature. Set auth to none "
                    + "or remove the form"));
        }
        return problems;
    }

    /** The form of a trigger node, when it declares one that is on. */
    public static java.util.Optional<WebhookForm> of(JsonNode trigger) {
        JsonNode form = trigger == null ? null : trigger.get("form");
        if (form == null || !(form.isObject() || form.isBoolean() && form.asBoolean())) {
            return java.util.Optional.empty();
        }
        List<Field> fields = new ArrayList<>();
        JsonNode params = trigger.get("params");
        if (params != null && params.isArray()) {
            for (JsonNode p : params) {
                String name = p.path("name").asText("");
                if (name.isBlank() || name.equals(ParamCheck.WHOLE_BODY) || !p.path("in").asText("body").equals("body")) {
                    continue;
                }
                String label = p.path("label").isTextual() ? p.get("label").asText() : name;
                fields.add(new Field(name, label, p.path("type").asText("any"), p.path("required").asBoolean(false)));
            }
        }
        return java.util.Optional.of(new WebhookForm(text(form, "title"), text(form, "description"), List.copyOf(fields)));
    }

    /**
     * The JSON body for submitted fields: dotted names nest ({@code order.id} → {@code {"order":{"id":…}}}),
     * numbers, integers and booleans are converted when they parse (else kept as text, so the parameter
     * check answers {@code invalid_parameters}), objects and arrays are parsed as JSON, empty fields are left out.
     */
    public ObjectNode body(Map<String, List<String>> submitted) {
        ObjectNode body = Json.object();
        for (Field f : fields) {
            List<String> values = submitted.get(f.name());
            String value = values == null || values.isEmpty() ? null : values.getFirst();
            JsonNode converted = f.type().equals("boolean") ? Json.MAPPER.getNodeFactory().booleanNode(
                    value != null && (value.equals("on") || value.equals("true")))
                    : value == null || value.isEmpty() ? null : convert(f.type(), value);
            if (converted != null) {
                put(body, f.name(), converted);
            }
        }
        return body;
    }

    private static JsonNode convert(String type, String value) {
        var nodes = Json.MAPPER.getNodeFactory();
        try {
            return switch (type) {
                case "integer" -> nodes.numberNode(Long.parseLong(value.trim()));
                case "number" -> nodes.numberNode(new java.math.BigDecimal(value.trim()));
                case "object", "array" -> Json.MAPPER.readTree(value);
                default -> nodes.textNode(value);
            };
        } catch (NumberFormatException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return nodes.textNode(value);
        }
    }

    private static void put(ObjectNode body, String dotted, JsonNode value) {
        String[] parts = dotted.split("\\.");
        ObjectNode at = body;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = at.get(parts[i]);
            at = next instanceof ObjectNode o ? o : at.putObject(parts[i]);
        }
        at.set(parts[parts.length - 1], value);
    }

    private static String text(JsonNode form, String key) {
        JsonNode v = form.get(key);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
