package io.flowgate.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Problem;
import io.flowgate.core.ValidationException;
import io.flowgate.expr.Expression;
import io.flowgate.expr.ExpressionException;
import io.flowgate.expr.Template;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects every problem of one document, with small readers that check a field's type and
 * record a problem instead of throwing, so validation always runs to the end. Readers return
 * null for "absent or wrong"; an explicit YAML/JSON null counts as absent.
 */
final class Problems {
    static final Pattern SLUG = Pattern.compile("^[a-z0-9][a-z0-9-_]{0,62}$");
    static final String SLUG_RULE = "lower-case letters, digits, '-' and '_', starting with a letter or digit, at most 63 characters";

    private final List<Problem> list = new ArrayList<>();

    void add(String path, String message) {
        list.add(Problem.at(path, message));
    }

    void addAll(Collection<Problem> problems) {
        list.addAll(problems);
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    void throwIfAny() {
        if (!list.isEmpty()) {
            throw new ValidationException(list);
        }
    }

    static String at(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    static String at(String parent, int index) {
        return parent + "[" + index + "]";
    }

    static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    static String typeName(JsonNode node) {
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        return node.isNumber() ? "a number" : node.getNodeType().name().toLowerCase();
    }

    /** Problems for every key of {@code object} not in {@code allowed}. */
    void unknownKeys(JsonNode object, String path, Collection<String> allowed) {
        object.fieldNames().forEachRemaining(key -> {
            if (!allowed.contains(key)) {
                add(at(path, key), "Unknown field '" + key + "'; allowed here: " + String.join(", ", allowed));
            }
        });
    }

    String text(JsonNode node, String path) {
        if (absent(node)) {
            return null;
        }
        if (!node.isTextual()) {
            add(path, "Must be a string, not " + typeName(node));
            return null;
        }
        return node.textValue();
    }

    /** Like {@link #text} but numbers and booleans are taken as their text (YAML {@code name: 2024}). */
    String scalarText(JsonNode node, String path) {
        if (!absent(node) && node.isValueNode()) {
            return node.asText();
        }
        return text(node, path);
    }

    String requiredText(JsonNode node, String path) {
        if (absent(node)) {
            add(path, "Is required");
            return null;
        }
        return text(node, path);
    }

    String slug(JsonNode node, String path) {
        String value = text(node, path);
        if (value != null && !SLUG.matcher(value).matches()) {
            add(path, "'" + value + "' is not a valid id: use " + SLUG_RULE);
            return null;
        }
        return value;
    }

    Duration duration(JsonNode node, String path) {
        if (absent(node)) {
            return null;
        }
        if (node.isNumber()) {
            add(path, "Must be " + Durations.expected() + ", not a bare number");
            return null;
        }
        String value = text(node, path);
        if (value == null) {
            return null;
        }
        Duration parsed = Durations.parse(value).orElse(null);
        if (parsed == null) {
            add(path, "'" + value + "' is not a duration: use " + Durations.expected());
        } else if (parsed.isNegative()) {
            add(path, "Must not be negative");
            return null;
        }
        return parsed;
    }

    /** Checks that a JSONata expression compiles; returns its source. */
    String expression(JsonNode node, String path) {
        String source = node != null && node.isBoolean() ? node.asText() : text(node, path);
        if (source == null) {
            return null;
        }
        try {
            Expression.compile(source);
            return source;
        } catch (ExpressionException e) {
            add(path, e.getMessage());
            return null;
        }
    }

    /** Checks every string leaf under {@code node} that embeds {@code {{ }}}. */
    void templates(JsonNode node, String path) {
        if (node == null) {
            return;
        }
        if (node.isTextual() && Template.hasExpressions(node.textValue())) {
            try {
                Template.parse(node.textValue());
            } catch (ExpressionException e) {
                add(path, e.getMessage());
            }
        } else if (node.isObject()) {
            node.properties().forEach(e -> templates(e.getValue(), at(path, e.getKey())));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                templates(node.get(i), at(path, i));
            }
        }
    }

    /** A list, or a single value taken as a one-item list; null (with a problem) otherwise. */
    List<JsonNode> listOrOne(JsonNode node, String path, boolean allowSingle) {
        if (absent(node)) {
            return null;
        }
        if (node.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            node.forEach(items::add);
            return items;
        }
        if (allowSingle) {
            return List.of(node);
        }
        add(path, "Must be a list, not " + typeName(node));
        return null;
    }
}
