package io.flowgate.engine.steps.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Json;
import io.flowgate.core.Problem;
import io.flowgate.engine.Execution;
import io.flowgate.engine.ExecutionStatus;
import io.flowgate.engine.steps.StepConfig;
import io.flowgate.engine.steps.StepContext;
import io.flowgate.engine.steps.StepResult;
import io.flowgate.engine.steps.StepType;
import io.flowgate.expr.Template;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code run-workflow}: starts a child execution of another workflow of the same team. With
 * {@code wait: true} the step waits — durably, without a thread — until the child ends; the
 * engine wakes it when the child finishes, and it also re-checks on a slow timer as a safety net.
 */
public final class RunWorkflowStep implements StepType {
    static final Duration RECHECK = Duration.ofSeconds(30);

    @Override
    public String name() {
        return "run-workflow";
    }

    @Override
    public List<Problem> validate(String path, ObjectNode config) {
        StepConfig c = new StepConfig(path, config).onlyFields(Set.of("workflow", "inputs", "wait"))
                .requireText("workflow").templates("inputs");
        JsonNode wait = config.get("wait");
        if (wait != null && !wait.isBoolean()) {
            c.problem("wait", "must be true or false");
        }
        JsonNode inputs = config.get("inputs");
        if (inputs != null && !inputs.isObject() && !inputs.isTextual()) {
            c.problem("inputs", "must be an object (or a {{ }} template yielding one)");
        }
        return c.problems();
    }

    @Override
    public StepResult execute(StepContext context) {
        boolean wait = context.config().path("wait").asBoolean(false);
        String childId = context.state() == null ? null : context.state().path("childId").asText(null);
        if (childId == null) {
            JsonNode inputs = context.config().has("inputs")
                    ? Template.renderTree(context.config().get("inputs"), context.data(), context.clock()) : Json.object();
            if (inputs != null && !inputs.isObject()) {
                return new StepResult.Failed("run-workflow inputs must render to an object", false);
            }
            Execution child = context.services().startChild(context.execution(),
                    context.config().get("workflow").asText(), inputs);
            childId = child.id();
            if (!wait) {
                ObjectNode out = Json.object();
                out.put("activityId", childId);
                return StepResult.completed(out);
            }
        }
        ObjectNode state = Json.object();
        state.put("childId", childId);
        Execution child = context.services().find(childId).orElse(null);
        if (child == null || !child.status().terminal()) {
            return new StepResult.Wait(context.clock().instant().plus(RECHECK), state);
        }
        if (child.status() != ExecutionStatus.COMPLETED) {
            return new StepResult.Failed("Child execution " + childId + " ended " + child.status().wire()
                    + (child.error() == null ? "" : ": " + child.error()), false);
        }
        ObjectNode out = Json.object();
        out.put("activityId", childId);
        out.set("outputs", context.services().lastOutputs(childId));
        return StepResult.completed(out);
    }
}
