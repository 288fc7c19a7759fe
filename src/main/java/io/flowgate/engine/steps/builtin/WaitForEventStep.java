package io.flowgate.engine.steps.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Problem;
import io.flowgate.engine.steps.StepConfig;
import io.flowgate.engine.steps.StepContext;
import io.flowgate.engine.steps.StepResult;
import io.flowgate.engine.steps.StepType;
import io.flowgate.engine.Waits;
import io.flowgate.expr.Expression;
import io.flowgate.expr.ExpressionException;
import io.flowgate.workflow.Durations;
import io.flowgate.workflow.EventTypePattern;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code wait-for-event}: waits durably for an event of {@code event.type} (optionally from
 * {@code event.source}) whose {@code event.correlation} holds — JSONata over {@code event} and the run's
 * data pills, e.g. {@code event.data.orderId = inputs.orderId}. With {@code lookback} (a duration), events
 * received that long before the step started waiting match too. The matched event is the outputs.
 */
public final class WaitForEventStep implements StepType {
    private static final Set<String> EVENT_FIELDS = Set.of("type", "source", "correlation");

    @Override
    public String name() {
        return "wait-for-event";
    }

    @Override
    public List<Problem> validate(String path, ObjectNode config) {
        StepConfig c = new StepConfig(path, config).onlyFields(Set.of("event", "lookback", "onTimeout"));
        JsonNode event = config.get("event");
        if (event == null || !event.isObject()) {
            c.problem("event", "is required: {type, source, correlation}");
        } else {
            event.fieldNames().forEachRemaining(f -> {
                if (!EVENT_FIELDS.contains(f)) {
                    c.problem("event." + f, "unknown field; allowed here: correlation, source, type");
                }
            });
            JsonNode type = event.get("type");
            String typeProblem = typeProblem(type);
            if (typeProblem != null) {
                c.problem("event.type", typeProblem);
            }
            JsonNode source = event.get("source");
            if (source != null && !source.isTextual()) {
                c.problem("event.source", "must be a string");
            }
            JsonNode correlation = event.get("correlation");
            if (correlation != null && !correlation.isNull()) {
                if (!correlation.isTextual()) {
                    c.problem("event.correlation", "must be a JSONata expression (a string)");
                } else {
                    try {
                        Expression.compile(correlation.asText());
                    } catch (ExpressionException e) {
                        c.problem("event.correlation", e.getMessage());
                    }
                }
            }
        }
        JsonNode lookback = config.get("lookback");
        if (lookback != null && (!lookback.isTextual() || Durations.parse(lookback.asText()).isEmpty())) {
            c.problem("lookback", "must be a duration: " + Durations.expected());
        }
        WaitingSteps.checkOnTimeout(c);
        return c.problems();
    }

    /** The same rule as event triggers. */
    static String typeProblem(JsonNode type) {
        if (type != null && !type.isTextual()) {
            return "must be a string";
        }
        return EventTypePattern.problem(type == null ? null : type.asText());
    }

    @Override
    public StepResult execute(StepContext context) {
        Waits waits = context.services().waits();
        if (context.state() == null || !context.state().has("waiting")) {
            JsonNode event = context.config().get("event");
            Duration lookback = context.config().has("lookback")
                    ? Durations.parse(context.config().get("lookback").asText()).orElseThrow() : null;
            Optional<JsonNode> already = waits.awaitEvent(context.execution(), context.run(), context.data(),
                    event.get("type").asText(),
                    event.hasNonNull("source") ? event.get("source").asText() : null,
                    event.hasNonNull("correlation") ? event.get("correlation").asText() : null, lookback);
            if (already.isPresent()) {
                return outcome(context, already.get());
            }
            ObjectNode state = WaitingSteps.firstState(context);
            return new StepResult.Wait(WaitingSteps.deadline(state), state);
        }
        Instant deadline = WaitingSteps.deadline(context.state());
        Optional<JsonNode> resolved = WaitingSteps.resolution(context, waits, deadline);
        if (resolved.isEmpty()) {
            return new StepResult.Wait(deadline, context.state()); // woken early by another wait of this run
        }
        return outcome(context, resolved.get());
    }

    private static StepResult outcome(StepContext context, JsonNode resolution) {
        return WaitingSteps.timedOut(resolution) ? WaitingSteps.onTimeout(context, "matching event")
                : StepResult.completed(resolution);
    }
}
