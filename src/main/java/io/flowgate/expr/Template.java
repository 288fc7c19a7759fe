package io.flowgate.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.CacheSettings;
import io.flowgate.core.Caches;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A string with embedded {@code {{ expr }}} JSONata expressions (docs/workflows.md#expressions-and-templates).
 *
 * <p>A template that is exactly one {@code {{ expr }}} (surrounding whitespace ignored) renders
 * to the expression's JSON value unchanged, so {@code body: "{{ steps.total.outputs }}"} sends
 * an object, not its text. Anything else is string interpolation: strings as-is, objects and
 * arrays as JSON text, undefined as the empty string.
 *
 * <p>An expression ends at the first {@code }}} that is outside quotes and outside its own
 * braces, so {@code {{ {"a": {"b": 1}} }}} is one expression. There is no escape for a literal
 * {@code {{}; write {@code {{ '{{' }}} instead.
 */
public final class Template {
    private static final String OPEN = "{{";
    private static final Cache<String, Template> CACHE = Caches.bounded(CacheSettings.DEFAULT_TEMPLATES);

    /** Either literal text or an expression. */
    private record Part(String text, Expression expression) {}

    private final String text;
    private final List<Part> parts;
    private final Expression whole;

    private Template(String text, List<Part> parts) {
        this.text = text;
        this.parts = List.copyOf(parts);
        this.whole = isWholeValue(parts) ? firstExpression(parts) : null;
    }

    /** Compiles every embedded expression; throws {@link ExpressionException} naming the bad one. */
    public static Template parse(String text) {
        if (!hasExpressions(text)) {
            return new Template(text, List.of(new Part(text, null)));
        }
        return CACHE.get(text, Template::compile);
    }

    public static boolean hasExpressions(String text) {
        return text != null && text.contains(OPEN);
    }

    public String text() {
        return text;
    }

    /**
     * The rendered value; Java {@code null} only for a whole-value template whose expression is
     * undefined.
     */
    public JsonNode render(JsonNode context, Clock clock) {
        if (whole != null) {
            return whole.evaluate(context, clock);
        }
        if (parts.size() == 1 && parts.getFirst().expression() == null) {
            return JsonNodeFactory.instance.textNode(text);
        }
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part.expression() == null) {
                out.append(part.text());
            } else {
                out.append(asText(part.expression().evaluate(context, clock)));
            }
        }
        return JsonNodeFactory.instance.textNode(out.toString());
    }

    /** The rendered value as text: objects and arrays as JSON, undefined as "". */
    public String renderText(JsonNode context, Clock clock) {
        return asText(render(context, clock));
    }

    /**
     * A deep copy of {@code node} with every string leaf rendered as a template. A whole-value
     * template that is undefined leaves its field (or array item) out, as JSONata does.
     */
    public static JsonNode renderTree(JsonNode node, JsonNode context, Clock clock) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return parse(node.textValue()).render(context, clock);
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(e -> {
                JsonNode rendered = renderTree(e.getValue(), context, clock);
                if (rendered != null) {
                    copy.set(e.getKey(), rendered);
                }
            });
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(node.size());
            for (JsonNode item : node) {
                JsonNode rendered = renderTree(item, context, clock);
                if (rendered != null) {
                    copy.add(rendered);
                }
            }
            return copy;
        }
        return node.deepCopy();
    }

    static String asText(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "";
        }
        return value.isTextual() ? value.textValue() : value.toString();
    }

    private static Template compile(String text) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf(OPEN, i);
            if (open < 0) {
                parts.add(new Part(text.substring(i), null));
                break;
            }
            if (open > i) {
                parts.add(new Part(text.substring(i, open), null));
            }
            int close = closingBraces(text, open + OPEN.length());
            if (close < 0) {
                throw new ExpressionException("Template has an unclosed '{{' at position " + open, null);
            }
            String source = text.substring(open + OPEN.length(), close).strip();
            if (source.isEmpty()) {
                throw new ExpressionException("Template has an empty '{{ }}' at position " + open, null);
            }
            parts.add(new Part(null, Expression.compile(source)));
            i = close + 2;
        }
        return new Template(text, parts);
    }

    /** Index of the {@code }}} ending the expression that starts at {@code from}, or -1. */
    private static int closingBraces(String text, int from) {
        int depth = 0;
        char quote = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'' || c == '`') {
                quote = c;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth > 0) {
                    depth--;
                } else if (i + 1 < text.length() && text.charAt(i + 1) == '}') {
                    return i;
                }
            }
        }
        return -1;
    }

    private static boolean isWholeValue(List<Part> parts) {
        int expressions = 0;
        for (Part part : parts) {
            if (part.expression() != null) {
                expressions++;
            } else if (!part.text().isBlank()) {
                return false;
            }
        }
        return expressions == 1;
    }

    private static Expression firstExpression(List<Part> parts) {
        return parts.stream().map(Part::expression).filter(e -> e != null).findFirst().orElseThrow();
    }

    @Override
    public String toString() {
        return text;
    }
}
