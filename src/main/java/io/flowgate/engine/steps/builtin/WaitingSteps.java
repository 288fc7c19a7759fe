package io.flowgate.engine.steps.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Json;
import io.flowgate.engine.Waits;
import io.flowgate.engine.steps.StepConfig;
import io.flowgate.engine.steps.StepContext;
import io.flowgate.engine.steps.StepResult;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What the two waiting step types share: the deadline from the step's {@code timeout}, kept in the step's
 * state across waits, and {@code onTimeout: fail | continue}. Waiting costs a row and the engine's timer,
 * no thread: the step returns {@link StepResult.Wait} until its deadline (or for ever) and is called again
 * when its wait is resolved (the engine's wake-up) or its deadline comes.
 */
final class WaitingSteps {
    /** The values of {@code onTimeout} (and the approval's {@code onReject}). */
    static final Set<String> FAIL_OR_CONTINUE = Set.of("fail", "continue");

    private WaitingSteps() {}

    static void checkOnTimeout(StepConfig c) {
        JsonNode on = c.field("onTimeout");
        if (on != null && !(on.isTextual() && FAIL_OR_CONTINUE.contains(on.asText()))) {
            c.problem("onTimeout", "must be fail or continue");
        }
    }

    /** The first call's state: the deadline (absent without a timeout). */
    static ObjectNode firstState(StepContext context) {
        ObjectNode state = Json.object();
        state.put("waiting", true);
        if (context.step().timeout() != null) {
            state.put("deadline", context.clock().instant().plus(context.step().timeout()).toString());
        }
        return state;
    }

    static Instant deadline(JsonNode state) {
        return state != null && state.hasNonNull("deadline") ? Instant.parse(state.get("deadline").asText()) : null;
    }

    static boolean due(StepContext context, Instant deadline) {
        return deadline != null && !context.clock().instant().isBefore(deadline);
    }

    /**
     * A later call of a waiting step: its wait's resolution, else the timeout resolution once the deadline has
     * come, else empty (still waiting, e.g. woken early by another wait of the same run).
     */
    static Optional<JsonNode> resolution(StepContext context, Waits waits, Instant deadline) {
        String executionId = context.execution().id();
        String stepId = context.step().id();
        Optional<JsonNode> resolved = waits.resolution(executionId, stepId);
        if (resolved.isEmpty() && due(context, deadline)) {
            resolved = Optional.of(waits.resolveNow(executionId, stepId, timeoutOutputs()));
        }
        return resolved;
    }

    static boolean timedOut(JsonNode resolution) {
        return resolution != null && resolution.path("timedOut").asBoolean(false);
    }

    /** The timeout resolution: {@code {"timedOut": true}}. */
    static ObjectNode timeoutOutputs() {
        ObjectNode out = Json.object();
        out.put("timedOut", true);
        return out;
    }

    /** A resolution by timeout: continue with {@code {"timedOut": true}} or fail, per {@code onTimeout}. */
    static StepResult onTimeout(StepContext context, String what) {
        if ("continue".equals(context.config().path("onTimeout").asText("fail"))) {
            return StepResult.completed(timeoutOutputs());
        }
        return new StepResult.Failed("No " + what + " within " + context.step().timeout(), false);
    }
}
