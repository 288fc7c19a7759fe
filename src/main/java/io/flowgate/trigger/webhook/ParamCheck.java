package io.flowgate.trigger.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.BadRequestException;
import io.flowgate.core.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a request's data pills against the trigger's declared {@code params}
 * (docs/triggers.md#inbound-webhooks-and-the-rest-api-trigger-issue-3), and proposes a parameter list from a
 * sample (capture, a JSON sample, key/value pairs).
 */
public final class ParamCheck {
    private ParamCheck() {}

    /** A body param named {@code $} (JSONata's root) is the whole body: "use the whole body as one parameter". */
    public static final String WHOLE_BODY = "$";

    /** Throws 400 {@code missing_required_parameters} or {@code invalid_parameters}; {@code trigger} is trigger.*. */
    public static void check(List<Param> params, JsonNode trigger) {
        if (params.isEmpty()) {
            return;
        }
        List<String> missing = new ArrayList<>();
        List<Map<String, Object>> invalid = new ArrayList<>();
        for (Param p : params) {
            JsonNode value = valueOf(p, trigger);
            if (value == null || value.isNull() || value.isMissingNode()) {
                if (p.required()) {
                    missing.add(p.name());
                }
                continue;
            }
            boolean fromText = !p.in().equals("body");
            if (!matches(p.type(), value, fromText)) {
                invalid.add(Map.of("name", p.name(), "in", p.in(), "expected", p.type(), "got", typeOf(value)));
            }
        }
        if (!missing.isEmpty()) {
            throw new BadRequestException("missing_required_parameters", "Missing required parameter(s)",
                    Map.of("missing", missing));
        }
        if (!invalid.isEmpty()) {
            throw new BadRequestException("invalid_parameters", "Parameter(s) of the wrong type",
                    Map.of("invalid", invalid));
        }
    }

    static JsonNode valueOf(Param p, JsonNode trigger) {
        JsonNode source = switch (p.in()) {
            case "query" -> trigger.get("query");
            case "path" -> trigger.get("pathParams");
            case "header" -> trigger.get("headers");
            default -> trigger.get("body");
        };
        if (source == null) {
            return null;
        }
        if (p.in().equals("header")) {
            return first(source.get(p.name().toLowerCase(java.util.Locale.ROOT)));
        }
        if (!p.in().equals("body")) {
            return first(source.get(p.name()));
        }
        if (p.name().equals(WHOLE_BODY)) {
            return source;
        }
        JsonNode at = source;
        for (String part : p.name().split("\\.")) {
            if (at == null || !at.isObject()) {
                return null;
            }
            at = at.get(part);
        }
        return at;
    }

    private static JsonNode first(JsonNode v) {
        return v != null && v.isArray() && !v.isEmpty() ? v.get(0) : v;
    }

    static boolean matches(String type, JsonNode v, boolean fromText) {
        if (fromText && v.isTextual()) {
            String s = v.asText();
            return switch (type) {
                case "number" -> s.matches("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
                case "integer" -> s.matches("-?\\d{1,18}");
                case "boolean" -> s.equals("true") || s.equals("false");
                case "object", "array" -> false;
                default -> true;
            };
        }
        return switch (type) {
            case "string" -> v.isTextual();
            case "number" -> v.isNumber();
            case "integer" -> v.isIntegralNumber() || (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()));
            case "boolean" -> v.isBoolean();
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            default -> true;
        };
    }

    static String typeOf(JsonNode v) {
        if (v.isTextual()) {
            return "string";
        }
        if (v.isIntegralNumber()) {
            return "integer";
        }
        if (v.isNumber()) {
            return "number";
        }
        if (v.isBoolean()) {
            return "boolean";
        }
        return v.isArray() ? "array" : v.isObject() ? "object" : "null";
    }

    /**
     * A proposed {@code params} list from a captured request's trigger data: every leaf of the body
     * (dotted names), every query parameter and path parameter, with inferred types, none required.
     */
    public static ArrayNode propose(JsonNode trigger) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        JsonNode body = trigger.get("body");
        if (body != null && body.isObject()) {
            leaves(out, "", body);
        }
        textual(out, trigger.get("query"), "query");
        textual(out, trigger.get("pathParams"), "path");
        return out;
    }

    /** From a JSON sample object (its leaves), as {@link #propose} does for a body. */
    public static ArrayNode fromSample(JsonNode sample) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        if (sample != null && sample.isObject()) {
            leaves(out, "", sample);
        }
        return out;
    }

    /** From key/value pairs whose values are text: types inferred from the text. */
    public static ArrayNode fromPairs(JsonNode pairs, String in) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        textual(out, pairs, in);
        return out;
    }

    private static void leaves(ArrayNode out, String prefix, JsonNode node) {
        node.properties().forEach(e -> {
            String name = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue().isObject() && !e.getValue().isEmpty()) {
                leaves(out, name, e.getValue());
            } else {
                out.add(param(name, "body", e.getValue().isNull() ? "any" : typeOf(e.getValue())));
            }
        });
    }

    private static void textual(ArrayNode out, JsonNode values, String in) {
        if (values == null || !values.isObject()) {
            return;
        }
        values.properties().forEach(e -> {
            JsonNode v = first(e.getValue());
            String s = v == null ? "" : v.asText();
            String type = v != null && !v.isTextual() ? typeOf(v)
                    : s.matches("-?\\d{1,18}") ? "integer"
                    : s.matches("-?\\d+\\.\\d+") ? "number"
                    : s.equals("true") || s.equals("false") ? "boolean" : "string";
            out.add(param(e.getKey(), in, type));
        });
    }

    private static ObjectNode param(String name, String in, String type) {
        ObjectNode p = Json.object();
        p.put("name", name);
        p.put("in", in);
        p.put("type", type);
        p.put("required", false);
        return p;
    }
}
