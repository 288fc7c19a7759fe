package io.flowgate.engine.steps.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Json;
import io.flowgate.core.Problem;
import io.flowgate.engine.steps.StepConfig;
import io.flowgate.engine.steps.StepContext;
import io.flowgate.engine.steps.StepResult;
import io.flowgate.engine.steps.StepType;
import io.flowgate.expr.Expression;
import io.flowgate.workflow.Durations;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * {@code sleep}: a durable timer. The first call computes the wake-up instant and returns
 * {@link StepResult.Wait}; the engine persists it and frees the thread, so a sleeping execution
 * costs a row, not a thread, and survives restarts.
 */
public final class SleepStep implements StepType {
    @Override
    public String name() {
        return "sleep";
    }

    @Override
    public List<Problem> validate(String path, ObjectNode config) {
        StepConfig c = new StepConfig(path, config).onlyFields(Set.of("duration", "until"));
        JsonNode duration = config.get("duration");
        JsonNode until = config.get("until");
        if ((duration == null) == (until == null)) {
            c.problem("duration", "give exactly one of duration (e.g. PT5S) or until (an instant expression)");
        }
        if (duration != null && (!duration.isTextual() || Durations.parse(duration.asText()).isEmpty())) {
            c.problem("duration", "must be a duration: " + Durations.expected());
        }
        c.expression("until");
        return c.problems();
    }

    @Override
    public StepResult execute(StepContext context) {
        Instant now = context.clock().instant();
        Instant wakeAt;
        if (context.state() != null && context.state().has("until")) {
            wakeAt = Instant.parse(context.state().get("until").asText());
        } else if (context.config().has("duration")) {
            wakeAt = now.plus(Durations.parse(context.config().get("duration").asText()).orElseThrow());
        } else {
            wakeAt = untilInstant(context);
        }
        if (!wakeAt.isAfter(now)) {
            return StepResult.completed(Json.object());
        }
        ObjectNode state = Json.object();
        state.put("until", wakeAt.toString());
        return new StepResult.Wait(wakeAt, state);
    }

    private static Instant untilInstant(StepContext context) {
        JsonNode v = Expression.compile(context.config().get("until").asText()).evaluate(context.data(), context.clock());
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("sleep 'until' evaluated to nothing");
        }
        if (v.isNumber()) {
            return Instant.ofEpochMilli(v.asLong());
        }
        try {
            return Instant.parse(v.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("sleep 'until' must be an ISO-8601 instant or epoch millis, got '"
                    + v.asText() + "'");
        }
    }
}
