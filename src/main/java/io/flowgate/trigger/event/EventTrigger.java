package io.flowgate.trigger.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Problem;
import io.flowgate.expr.Expression;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One entry of a workflow's {@code triggers.events} (docs/events.md#event-triggers): the event {@code type} (exact or a trailing
 * wildcard), optional exact {@code source} and {@code subject}, and a JSONata {@code filter} over the event
 * ({@code data.amount > 100}; the event is also reachable as {@code event}).
 */
public record EventTrigger(String team, String workflowId, String type, String source, String subject,
                           Expression filter) {
    static final Set<String> FIELDS = Set.of("type", "source", "subject", "filter");

    /**
     * Problems of one entry, with their paths; empty when it is valid. The {@code filter} expression is
     * checked by the workflow validator itself, like every expression.
     */
    public static List<Problem> problems(JsonNode entry, String path) {
        List<Problem> problems = new ArrayList<>();
        if (entry == null || !entry.isObject()) {
            problems.add(Problem.at(path, "Must be an object with type (and optionally source, subject, filter)"));
            return problems;
        }
        entry.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                problems.add(Problem.at(path + "." + name, "Unknown field '" + name + "'; allowed here: "
                        + String.join(", ", new java.util.TreeSet<>(FIELDS))));
            }
        });
        JsonNode type = entry.get("type");
        String typeProblem = type != null && !type.isTextual() ? "Must be a string" : io.flowgate.workflow.EventTypePattern.problem(
                type == null ? null : type.asText());
        if (typeProblem != null) {
            problems.add(Problem.at(path + ".type", typeProblem));
        }
        for (String field : List.of("source", "subject")) {
            JsonNode v = entry.get(field);
            if (v != null && !v.isNull() && !v.isTextual()) {
                problems.add(Problem.at(path + "." + field, "Must be a string"));
            }
        }
        return problems;
    }

    /** Reads a valid entry (the workflow was validated when saved). */
    static EventTrigger of(String team, String workflowId, JsonNode entry) {
        JsonNode filter = entry.get("filter");
        return new EventTrigger(team, workflowId, entry.path("type").asText(), text(entry.get("source")),
                text(entry.get("subject")), filter == null || filter.isNull() ? null
                        : Expression.compile(filter.asText()));
    }

    /** Whether {@code event} (its document) passes source, subject and filter; the type matched already. */
    boolean accepts(ObjectNode event, java.time.Clock clock) {
        if (source != null && !source.equals(event.path("source").asText(null))) {
            return false;
        }
        if (subject != null && !subject.equals(event.path("subject").asText(null))) {
            return false;
        }
        if (filter == null) {
            return true;
        }
        ObjectNode context = event.deepCopy();
        context.set("event", event);
        return filter.test(context, clock);
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
