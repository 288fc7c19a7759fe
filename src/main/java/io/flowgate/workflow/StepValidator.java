package io.flowgate.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Validates one entry of {@code steps:}: the fields every step has, then hands the rest (its
 * {@code config}) to the {@link StepCatalog}. {@code needs} is only read here; it is resolved
 * for the whole list by {@link StepGraph}.
 */
final class StepValidator {
    static final List<String> COMMON_FIELDS =
            List.of("id", "name", "type", "needs", "when", "retry", "timeout", "webhooks");
    static final List<String> RETRY_FIELDS = List.of("max", "backoff", "factor", "maxBackoff", "jitter");
    static final List<String> WEBHOOK_EVENTS = List.of("created", "completed");
    static final int MAX_RETRIES = 100;

    /** A step as read; {@code needs} is null when the field is absent. */
    record Read(StepDefinition step, List<String> needs) {}

    private final StepCatalog catalog;

    StepValidator(StepCatalog catalog) {
        this.catalog = catalog;
    }

    /** Null when {@code node} is not even an object (the problem is recorded). */
    Read read(JsonNode node, String path, Problems problems) {
        if (!node.isObject()) {
            problems.add(path, "A step must be an object, not " + Problems.typeName(node));
            return null;
        }
        String id = readId(node.get("id"), Problems.at(path, "id"), problems);
        String name = problems.scalarText(node.get("name"), Problems.at(path, "name"));
        String type = readType(node.get("type"), Problems.at(path, "type"), problems);
        List<String> needs = readNeeds(node.get("needs"), Problems.at(path, "needs"), problems);
        String when = problems.expression(node.get("when"), Problems.at(path, "when"));
        RetryPolicy retry = readRetry(node.get("retry"), Problems.at(path, "retry"), problems);
        Duration timeout = problems.duration(node.get("timeout"), Problems.at(path, "timeout"));
        if (timeout != null && timeout.isZero()) {
            problems.add(Problems.at(path, "timeout"), "Must be longer than zero");
        }
        List<StepWebhook> webhooks = Webhooks.read(node.get("webhooks"), Problems.at(path, "webhooks"), WEBHOOK_EVENTS, problems);

        ObjectNode config = ((ObjectNode) node).deepCopy();
        config.remove(COMMON_FIELDS);
        problems.templates(config, path);
        if (type != null) {
            Optional<List<Problem>> typeProblems = catalog.check(type, path, config);
            if (typeProblems.isEmpty()) {
                problems.add(Problems.at(path, "type"), unknownType(type));
            } else {
                problems.addAll(typeProblems.get());
            }
        }
        StepDefinition step = new StepDefinition(id, name, type, List.of(), when, retry, timeout, webhooks, config);
        return new Read(step, needs);
    }

    private static String readId(JsonNode node, String path, Problems problems) {
        if (Problems.absent(node)) {
            problems.add(path, "Is required");
            return null;
        }
        return problems.slug(node, path);
    }

    private String readType(JsonNode node, String path, Problems problems) {
        if (Problems.absent(node)) {
            problems.add(path, "Is required; known types: " + knownTypes());
            return null;
        }
        return problems.text(node, path);
    }

    private String unknownType(String type) {
        return "Unknown step type '" + type + "'; known types: " + knownTypes();
    }

    private String knownTypes() {
        return String.join(", ", new TreeSet<>(catalog.types()));
    }

    private static List<String> readNeeds(JsonNode node, String path, Problems problems) {
        List<JsonNode> items = problems.listOrOne(node, path, true);
        if (items == null) {
            return null;
        }
        List<String> needs = new ArrayList<>();
        for (int k = 0; k < items.size(); k++) {
            String need = problems.text(items.get(k), Problems.at(path, k));
            if (need != null) {
                needs.add(need);
            } else if (Problems.absent(items.get(k))) {
                problems.add(Problems.at(path, k), "Must be a step id");
            }
        }
        return needs;
    }

    /** {@code retry: 3} is short for {@code retry: {max: 3}}. */
    private static RetryPolicy readRetry(JsonNode node, String path, Problems problems) {
        if (Problems.absent(node)) {
            return null;
        }
        if (node.isIntegralNumber()) {
            Integer max = readMax(node, path, problems);
            return max == null ? null : new RetryPolicy(max, RetryPolicy.DEFAULT_BACKOFF, RetryPolicy.DEFAULT_FACTOR,
                    RetryPolicy.DEFAULT_MAX_BACKOFF, RetryPolicy.DEFAULT_JITTER);
        }
        if (!node.isObject()) {
            problems.add(path, "Must be an object {max, backoff, factor, maxBackoff, jitter} or a number of retries");
            return null;
        }
        problems.unknownKeys(node, path, RETRY_FIELDS);
        Integer max = null;
        if (Problems.absent(node.get("max"))) {
            problems.add(Problems.at(path, "max"), "Is required: how many times to retry (0.." + MAX_RETRIES + ")");
        } else {
            max = readMax(node.get("max"), Problems.at(path, "max"), problems);
        }
        Duration backoff = problems.duration(node.get("backoff"), Problems.at(path, "backoff"));
        Duration maxBackoff = problems.duration(node.get("maxBackoff"), Problems.at(path, "maxBackoff"));
        Double factor = readNumber(node.get("factor"), Problems.at(path, "factor"), 1, 100, problems);
        Double jitter = readNumber(node.get("jitter"), Problems.at(path, "jitter"), 0, 1, problems);
        Duration effectiveBackoff = backoff == null ? RetryPolicy.DEFAULT_BACKOFF : backoff;
        if (maxBackoff != null && maxBackoff.compareTo(effectiveBackoff) < 0) {
            problems.add(Problems.at(path, "maxBackoff"), "Must not be shorter than backoff (" + effectiveBackoff + ")");
        }
        if (max == null) {
            return null;
        }
        Duration effectiveMax = maxBackoff != null ? maxBackoff
                // A long backoff with no cap of its own is not cut down to the default cap.
                : effectiveBackoff.compareTo(RetryPolicy.DEFAULT_MAX_BACKOFF) > 0 ? effectiveBackoff
                : RetryPolicy.DEFAULT_MAX_BACKOFF;
        return new RetryPolicy(max, effectiveBackoff,
                factor == null ? RetryPolicy.DEFAULT_FACTOR : factor,
                effectiveMax,
                jitter == null ? RetryPolicy.DEFAULT_JITTER : jitter);
    }

    private static Integer readMax(JsonNode node, String path, Problems problems) {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 0 || node.intValue() > MAX_RETRIES) {
            problems.add(path, "Must be a whole number from 0 to " + MAX_RETRIES);
            return null;
        }
        return node.intValue();
    }

    private static Double readNumber(JsonNode node, String path, double min, double max, Problems problems) {
        if (Problems.absent(node)) {
            return null;
        }
        if (!node.isNumber() || node.doubleValue() < min || node.doubleValue() > max) {
            problems.add(path, "Must be a number from " + fmt(min) + " to " + fmt(max));
            return null;
        }
        return node.doubleValue();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
