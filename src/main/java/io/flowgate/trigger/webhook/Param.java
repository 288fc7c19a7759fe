package io.flowgate.trigger.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A declared input of a webhook trigger: {@code { name: order.id, in: body, type: string, required: true }}.
 * {@code name} is a dotted path into its source ({@code body}, {@code query}, {@code path} or {@code header}).
 */
public record Param(String name, String in, String type, boolean required) {
    public static final Set<String> SOURCES = Set.of("body", "query", "path", "header");
    public static final Set<String> TYPES = Set.of("string", "number", "integer", "boolean", "object", "array", "any");

    static List<Param> parseAll(JsonNode node, String at, List<Problem> problems) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add(Problem.at(at, "Must be a list of {name, in, type, required}"));
            return List.of();
        }
        List<Param> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String p = at + "[" + i + "]";
            JsonNode item = node.get(i);
            if (!item.isObject()) {
                problems.add(Problem.at(p, "Must be an object {name, in, type, required}"));
                continue;
            }
            item.fieldNames().forEachRemaining(f -> {
                if (!Set.of("name", "in", "type", "required", "description", "label").contains(f)) {
                    problems.add(Problem.at(p + "." + f, "Unknown field; expected name, in, type, required, description, label"));
                }
            });
            String name = WebhookTrigger.text(item, "name", p, problems);
            if (name == null || name.isBlank()) {
                problems.add(Problem.at(p + ".name", "Is required"));
                continue;
            }
            String in = WebhookTrigger.text(item, "in", p, problems);
            if (in != null && !SOURCES.contains(in)) {
                problems.add(Problem.at(p + ".in", "Must be one of body, query, path, header"));
            }
            String type = WebhookTrigger.text(item, "type", p, problems);
            if (type != null && !TYPES.contains(type)) {
                problems.add(Problem.at(p + ".type", "Must be one of string, number, integer, boolean, object, array, any"));
            }
            JsonNode required = item.get("required");
            if (required != null && !required.isBoolean()) {
                problems.add(Problem.at(p + ".required", "Must be true or false"));
            }
            out.add(new Param(name, in == null ? "body" : in, type == null ? "any" : type,
                    required != null && required.asBoolean()));
        }
        return List.copyOf(out);
    }
}
