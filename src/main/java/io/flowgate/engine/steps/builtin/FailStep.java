package io.flowgate.engine.steps.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Problem;
import io.flowgate.engine.steps.StepConfig;
import io.flowgate.engine.steps.StepContext;
import io.flowgate.engine.steps.StepResult;
import io.flowgate.engine.steps.StepType;
import io.flowgate.expr.Template;
import java.util.List;
import java.util.Set;

/** {@code fail}: ends the execution with {@code message} as its error. Never retried. */
public final class FailStep implements StepType {
    /** Reads the data pills and returns a value: running it again after a crash changes nothing outside. */
    @Override
    public boolean hasOutsideEffects() {
        return false;
    }

    @Override
    public String name() {
        return "fail";
    }

    @Override
    public List<Problem> validate(String path, ObjectNode config) {
        return new StepConfig(path, config).onlyFields(Set.of("message")).templates("message").problems();
    }

    @Override
    public StepResult execute(StepContext context) {
        JsonNode message = context.config().get("message");
        String text = "Failed by a fail step";
        if (message != null && message.isTextual()) {
            text = Template.parse(message.asText()).renderText(context.data(), context.clock());
        }
        return new StepResult.Failed(text, false);
    }
}
