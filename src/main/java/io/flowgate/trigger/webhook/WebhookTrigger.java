package io.flowgate.trigger.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Problem;
import io.flowgate.expr.Expression;
import io.flowgate.expr.ExpressionException;
import io.flowgate.workflow.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A workflow's {@code triggers.webhook} block, read once per revision. {@link #parse} never throws:
 * it returns the settings with defaults for whatever was wrong, and every problem with its path.
 */
public record WebhookTrigger(
        PathTemplate path,
        List<String> methods,
        WebhookAuth auth,
        List<Param> params,
        Expression condition,
        WebhookResponse response,
        Idempotency idempotency,
        RateLimit rateLimit) {

    public static final Set<String> FIELDS =
            Set.of("path", "methods", "auth", "params", "condition", "response", "idempotency", "rateLimit", "form");
    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    public static final Duration DEFAULT_IDEMPOTENCY_TTL = Duration.ofHours(24);
    public static final String DEFAULT_IDEMPOTENCY_HEADER = "Idempotency-Key";

    /** {@code header}: where the key is read from (null: only standard-webhooks' {@code webhook-id}). */
    public record Idempotency(String header, Duration ttl) {}

    /** Per-token limit for token and bearer auth: {@code perSecond} sustained, {@code burst} at once. */
    public record RateLimit(double perSecond, int burst) {}

    public record Parsed(WebhookTrigger trigger, List<Problem> problems) {}

    /** Settings and problems of a {@code triggers.webhook} node; {@code at} prefixes problem paths. */
    public static Parsed parse(JsonNode node, String at) {
        List<Problem> problems = new ArrayList<>();
        if (node == null || !node.isObject()) {
            problems.add(Problem.at(at, "Must be an object"));
            return new Parsed(defaults(), problems);
        }
        node.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                problems.add(Problem.at(at + "." + f, "Unknown field; expected one of " + String.join(", ",
                        FIELDS.stream().sorted().toList())));
            }
        });
        PathTemplate path = PathTemplate.parse(text(node, "path", at, problems), at + ".path", problems);
        List<String> methods = methods(node.get("methods"), at + ".methods", problems);
        WebhookAuth auth = WebhookAuth.parse(node.get("auth"), at + ".auth", problems);
        List<Param> params = Param.parseAll(node.get("params"), at + ".params", problems);
        problems.addAll(WebhookForm.problems(node.get("form"), auth.type(), at + ".form"));
        Expression condition = null;
        String conditionText = text(node, "condition", at, problems);
        if (conditionText != null) {
            try {
                condition = Expression.compile(conditionText);
            } catch (ExpressionException e) {
                problems.add(Problem.at(at + ".condition", e.getMessage()));
            }
        }
        WebhookResponse response = WebhookResponse.parse(node.get("response"), at + ".response", problems);
        Idempotency idempotency = idempotency(node.get("idempotency"), at + ".idempotency", problems);
        RateLimit rateLimit = rateLimit(node.get("rateLimit"), at + ".rateLimit", problems);
        return new Parsed(new WebhookTrigger(path, methods, auth, params, condition, response, idempotency, rateLimit),
                List.copyOf(problems));
    }

    static WebhookTrigger defaults() {
        return new WebhookTrigger(PathTemplate.NONE, List.of("POST"), WebhookAuth.NONE, List.of(), null,
                WebhookResponse.ASYNC, null, null);
    }

    public boolean allows(String method) {
        return methods.contains(method.toUpperCase(Locale.ROOT));
    }

    static String text(JsonNode node, String field, String at, List<Problem> problems) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            problems.add(Problem.at(at + "." + field, "Must be a string"));
            return null;
        }
        return v.asText();
    }

    static Duration duration(JsonNode v, String at, List<Problem> problems, Duration fallback) {
        if (v == null || v.isNull()) {
            return fallback;
        }
        var parsed = v.isTextual() ? Durations.parse(v.asText()) : java.util.Optional.<Duration>empty();
        if (parsed.isEmpty() || parsed.get().isNegative() || parsed.get().isZero()) {
            problems.add(Problem.at(at, "Must be a positive duration such as " + Durations.expected()));
            return fallback;
        }
        return parsed.get();
    }

    private static List<String> methods(JsonNode v, String at, List<Problem> problems) {
        if (v == null || v.isNull()) {
            return List.of("POST");
        }
        if (!v.isArray() || v.isEmpty()) {
            problems.add(Problem.at(at, "Must be a non-empty list such as [POST, GET]"));
            return List.of("POST");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            String m = v.get(i).asText("").toUpperCase(Locale.ROOT);
            if (!v.get(i).isTextual() || !METHODS.contains(m)) {
                problems.add(Problem.at(at + "[" + i + "]", "Must be one of " + String.join(", ",
                        METHODS.stream().sorted().toList())));
            } else if (!out.contains(m)) {
                out.add(m);
            }
        }
        return out.isEmpty() ? List.of("POST") : List.copyOf(out);
    }

    private static RateLimit rateLimit(JsonNode v, String at, List<Problem> problems) {
        if (v == null || v.isNull()) {
            return null;
        }
        JsonNode rate = v.get("perSecond");
        JsonNode burst = v.get("burst");
        if (!v.isObject() || rate == null || !rate.isNumber() || rate.asDouble() <= 0
                || (burst != null && (!burst.isInt() || burst.asInt() < 1))) {
            problems.add(Problem.at(at, "Must be {perSecond: <positive number>, burst: <positive integer>}"));
            return null;
        }
        return new RateLimit(rate.asDouble(), burst == null ? (int) Math.max(1, Math.ceil(rate.asDouble())) : burst.asInt());
    }

    private static Idempotency idempotency(JsonNode v, String at, List<Problem> problems) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            problems.add(Problem.at(at, "Must be an object {header, ttl}"));
            return null;
        }
        String header = text(v, "header", at, problems);
        Duration ttl = duration(v.get("ttl"), at + ".ttl", problems, DEFAULT_IDEMPOTENCY_TTL);
        return new Idempotency(header == null ? DEFAULT_IDEMPOTENCY_HEADER : header, ttl);
    }
}
