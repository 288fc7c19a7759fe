package io.flowgate.engine.steps.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Json;
import io.flowgate.core.Problem;
import io.flowgate.engine.steps.StepConfig;
import io.flowgate.engine.steps.StepContext;
import io.flowgate.engine.steps.StepResult;
import io.flowgate.engine.steps.StepType;
import io.flowgate.expr.Template;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** {@code log}: renders {@code message} and writes it to the server log; outputs {@code {message}}. */
public final class LogStep implements StepType {
    private static final Logger LOG = LoggerFactory.getLogger("flowgate.workflow");
    private static final Set<String> LEVELS = Set.of("debug", "info", "warn", "error");

    /** Only writes a server log line: running it again after a crash changes nothing outside. */
    @Override
    public boolean hasOutsideEffects() {
        return false;
    }

    @Override
    public String name() {
        return "log";
    }

    @Override
    public List<Problem> validate(String path, ObjectNode config) {
        StepConfig c = new StepConfig(path, config).onlyFields(Set.of("message", "level")).requireText("message")
                .templates("message");
        JsonNode level = config.get("level");
        if (level != null && !(level.isTextual() && LEVELS.contains(level.asText()))) {
            c.problem("level", "must be one of debug, info, warn, error");
        }
        return c.problems();
    }

    @Override
    public StepResult execute(StepContext context) {
        String message = Template.parse(context.config().get("message").asText()).renderText(context.data(), context.clock());
        JsonNode level = context.config().get("level");
        Level lvl = level == null ? Level.INFO : Level.valueOf(level.asText().toUpperCase());
        if (LOG.isEnabledForLevel(lvl)) {
            LOG.atLevel(lvl).log("[{} {}] {}", context.execution().id(), context.step().id(),
                    context.services().redact(message));
        }
        ObjectNode out = Json.object();
        out.put("message", message);
        return StepResult.completed(out);
    }
}
