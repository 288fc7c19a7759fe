package io.flowgate.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Replaces secret values with {@code ***} wherever they would be shown (outputs, logs, delivery records;
 * docs/workflows.md#data-pills). Values shorter than {@link #MIN_LENGTH} are ignored: masking every "a" or
 * "1" in a document would destroy it and protect nothing.
 */
public final class Redactor {
    public static final String MASK = "***";
    public static final int MIN_LENGTH = 4;
    /** Shared instance for the common case of no secrets: every call returns its input. */
    public static final Redactor NONE = new Redactor(List.of());

    private final List<String> secrets;

    private Redactor(List<String> secrets) {
        this.secrets = secrets;
    }

    public static Redactor of(Collection<String> secretValues) {
        List<String> kept = secretValues.stream()
                .filter(Objects::nonNull)
                .filter(s -> s.length() >= MIN_LENGTH)
                .distinct()
                // Longest first, so a secret containing another one is masked whole.
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
        return kept.isEmpty() ? NONE : new Redactor(kept);
    }

    public boolean isEmpty() {
        return secrets.isEmpty();
    }

    public String redact(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : secrets) {
            if (result.contains(secret)) {
                result = result.replace(secret, MASK);
            }
        }
        return result;
    }

    /** A redacted copy (field names too); the node itself when there is nothing to redact. */
    public JsonNode redact(JsonNode node) {
        if (node == null || secrets.isEmpty() || !containsSecret(node)) {
            return node;
        }
        return copy(node);
    }

    private JsonNode copy(JsonNode node) {
        if (node.isTextual()) {
            return JsonNodeFactory.instance.textNode(redact(node.textValue()));
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(e -> out.set(redact(e.getKey()), copy(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode(node.size());
            node.forEach(item -> out.add(copy(item)));
            return out;
        }
        return node;
    }

    private boolean containsSecret(JsonNode node) {
        if (node.isTextual()) {
            return hasSecret(node.textValue());
        }
        if (node.isObject()) {
            for (var e : node.properties()) {
                if (hasSecret(e.getKey()) || containsSecret(e.getValue())) {
                    return true;
                }
            }
            return false;
        }
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (containsSecret(item)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean hasSecret(String text) {
        for (String secret : secrets) {
            if (text.contains(secret)) {
                return true;
            }
        }
        return false;
    }
}
