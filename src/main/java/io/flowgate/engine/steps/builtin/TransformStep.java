package io.flowgate.engine.steps.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Problem;
import io.flowgate.engine.steps.StepConfig;
import io.flowgate.engine.steps.StepContext;
import io.flowgate.engine.steps.StepResult;
import io.flowgate.engine.steps.StepType;
import io.flowgate.expr.Expression;
import java.util.List;
import java.util.Set;

/** {@code transform}: evaluates the JSONata {@code output} over the data pills; the object it yields is the outputs. */
public final class TransformStep implements StepType {
    /** Reads the data pills and returns a value: running it again after a crash changes nothing outside. */
    @Override
    public boolean hasOutsideEffects() {
        return false;
    }

    @Override
    public String name() {
        return "transform";
    }

    @Override
    public List<Problem> validate(String path, ObjectNode config) {
        return new StepConfig(path, config).onlyFields(Set.of("output")).requireText("output").expression("output")
                .problems();
    }

    @Override
    public StepResult execute(StepContext context) {
        JsonNode result = Expression.compile(context.config().get("output").asText()).evaluate(context.data(), context.clock());
        if (result == null || !result.isObject()) {
            return new StepResult.Failed("transform output must be an object, got "
                    + (result == null ? "nothing (undefined)" : result.getNodeType().name().toLowerCase()), false);
        }
        return StepResult.completed(result);
    }
}
