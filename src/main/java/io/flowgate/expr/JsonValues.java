package io.flowgate.expr;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between Jackson trees and the plain {@code Map}/{@code List}/scalar values the JSONata
 * library evaluates over. Hand-written rather than {@code ObjectMapper.convertValue} so that the
 * number types and the two kinds of "nothing" (JSON null vs. JSONata undefined) are explicit.
 */
final class JsonValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonValues() {}

    /** The evaluation input: no context at all is JSONata's "undefined" input. */
    static Object toInput(JsonNode context) {
        return context == null || context.isMissingNode() ? null : toJava(context);
    }

    /**
     * JSON null becomes the library's {@link Jsonata#NULL_VALUE}: a Java null would read as
     * "undefined", so {@code {"x": a}} would silently drop a field that is null in the input.
     */
    static Object toJava(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        if (node.isNull()) {
            return Jsonata.NULL_VALUE;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>(Math.max(4, node.size() * 2));
            node.properties().forEach(e -> map.put(e.getKey(), toJava(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(item -> list.add(toJava(item)));
            return list;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : (Object) node.doubleValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.asText();
    }

    /**
     * Java result back to JSON; Java null (JSONata "undefined") becomes Java null, the library's
     * {@link Jsonata#NULL_VALUE} becomes a JSON null. Whole doubles become integers, because JSONata
     * computes in doubles and {@code $sum([1,2])} should read {@code 3}, not {@code 3.0}.
     */
    static JsonNode toJson(Object value) {
        if (value == null) {
            return null;
        }
        if (value == Jsonata.NULL_VALUE) {
            return NODES.nullNode();
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((k, v) -> {
                JsonNode child = toJson(v);
                // A field whose value is undefined does not exist in JSONata's output.
                if (child != null) {
                    object.set(String.valueOf(k), child);
                }
            });
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode(list.size());
            for (Object item : list) {
                JsonNode child = toJson(item);
                array.add(child == null ? NODES.nullNode() : child);
            }
            return array;
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Number n) {
            return number(n);
        }
        // Functions and other library objects have no JSON form; JSONata serialises them as "".
        return NODES.textNode("");
    }

    private static JsonNode number(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            return integral(n.longValue());
        }
        if (n instanceof BigInteger big) {
            return NODES.numberNode(big);
        }
        if (n instanceof BigDecimal dec) {
            return NODES.numberNode(dec);
        }
        double d = n.doubleValue();
        if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 9.007199254740992E15) {
            return integral((long) d);
        }
        return NODES.numberNode(d);
    }

    /** The node Jackson itself would parse the number into, so results compare equal to parsed JSON. */
    private static JsonNode integral(long value) {
        return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
    }
}
