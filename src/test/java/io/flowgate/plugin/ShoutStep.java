package io.flowgate.plugin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Json;
import io.flowgate.core.Problem;
import io.flowgate.engine.steps.StepConfig;
import io.flowgate.engine.steps.StepContext;
import io.flowgate.engine.steps.StepResult;
import io.flowgate.engine.steps.StepType;
import io.flowgate.expr.Template;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A step type from outside the engine, registered only through
 * {@code META-INF/services/io.flowgate.engine.steps.StepType} on the test class path: proof that
 * plug-ins need nothing but the service interface.
 */
public final class ShoutStep implements StepType {
    @Override
    public String name() {
        return "shout";
    }

    @Override
    public List<Problem> validate(String path, ObjectNode config) {
        return new StepConfig(path, config).onlyFields(Set.of("text")).requireText("text").templates("text").problems();
    }

    @Override
    public StepResult execute(StepContext context) {
        String text = Template.parse(context.config().get("text").asText()).renderText(context.data(), context.clock());
        ObjectNode out = Json.object();
        out.put("shouted", text.toUpperCase(Locale.ROOT) + "!");
        return StepResult.completed(out);
    }
}
