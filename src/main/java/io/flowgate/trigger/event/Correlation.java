package io.flowgate.trigger.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Json;
import io.flowgate.expr.Expression;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A wait-for-event correlation: JSONata over {@code event} and the waiting run's data pills
 * ({@code event.data.orderId = inputs.orderId}). The common shape — {@code event.<path> = <expression
 * without event>}, either way round — has a key: the run's side is evaluated once, when the step starts
 * waiting, and stored with the path, so an event finds its runs by looking up the value at that path.
 * Any other shape is evaluated against each waiting run of the event's type.
 */
final class Correlation {
    private static final Pattern EVENT_PATH = Pattern.compile("event((?:\\.[A-Za-z_$][A-Za-z0-9_$]*)+)");
    private static final Pattern EQUALS = Pattern.compile("^\\s*(.+?)\\s*=\\s*(.+?)\\s*$", Pattern.DOTALL);
    /** The run's side: a plain path (not into event) or a literal; anything else is evaluated in full. */
    private static final Pattern RUN_SIDE = Pattern.compile(
            "(?!event\\b)[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*|\"[^\"]*\"|'[^']*'|-?[0-9.]+");

    /** How {@link #canonical} marks a string value. */
    static final String STRING = "s:";

    /** The indexed part of a correlation: a path in the event document and the value the run expects there. */
    record Key(String path, String value) {}

    private Correlation() {}

    /** The key of {@code correlation} for a run with {@code context}; empty when it has no such shape. */
    static Optional<Key> key(String correlation, JsonNode context, Clock clock) {
        if (correlation == null || correlation.contains("!=") || correlation.contains("<=")
                || correlation.contains(">=")) {
            return Optional.empty();
        }
        Matcher eq = EQUALS.matcher(correlation);
        if (!eq.matches() || eq.group(1).contains("=") || eq.group(2).contains("=")) {
            return Optional.empty();
        }
        for (int side = 1; side <= 2; side++) {
            String pathSide = eq.group(side).trim();
            String runSide = eq.group(3 - side).trim();
            Matcher path = EVENT_PATH.matcher(pathSide);
            if (path.matches() && RUN_SIDE.matcher(runSide).matches()) {
                JsonNode value;
                try {
                    value = Expression.compile(runSide).evaluate(context, clock);
                } catch (RuntimeException e) {
                    return Optional.empty(); // evaluated in full per event instead, where the error shows
                }
                if (value == null || value.isMissingNode() || value.isContainerNode()) {
                    return Optional.empty();
                }
                return Optional.of(new Key(path.group(1).substring(1), canonical(value)));
            }
        }
        return Optional.empty();
    }

    /** The value at a dotted {@code path} of an event document, in the form keys are stored; empty if absent. */
    static Optional<String> valueAt(JsonNode event, String path) {
        JsonNode node = event;
        for (String part : path.split("\\.")) {
            node = node == null ? null : node.get(part);
        }
        return node == null || node.isNull() || node.isContainerNode() ? Optional.empty()
                : Optional.of(canonical(node));
    }

    /** Whether the full correlation holds for {@code event} and the run's {@code context}. */
    static boolean holds(String correlation, JsonNode event, JsonNode context, Clock clock) {
        if (correlation == null || correlation.isBlank()) {
            return true;
        }
        ObjectNode scope = context != null && context.isObject() ? ((ObjectNode) context).deepCopy() : Json.object();
        scope.set("event", event);
        try {
            return Expression.compile(correlation).test(scope, clock);
        } catch (RuntimeException e) {
            return false; // a correlation that fails on this event does not match it
        }
    }

    /** Numbers compare by value (1 and 1.0 alike), strings by text: JSONata's = does the same. */
    private static String canonical(JsonNode v) {
        if (v.isNumber()) {
            return "n:" + v.decimalValue().stripTrailingZeros().toPlainString();
        }
        if (v.isBoolean()) {
            return "b:" + v.asBoolean();
        }
        return STRING + v.asText();
    }
}
