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

/**
 * {@code respond}: sets the HTTP answer of a {@code sync} webhook before the run ends. Its outputs
 * {@code {status, headers, body}} (body and header values rendered as templates) are what the
 * waiting webhook call answers; the workflow then goes on. Outside a sync webhook it only records them.
 * A string body is answered as its rendered text (as JSON when it parses as JSON), an object as JSON.
 */
public final class RespondStep implements StepType {
    /** Reads the data pills and returns a value: running it again after a crash changes nothing outside. */
    @Override
    public boolean hasOutsideEffects() {
        return false;
    }

    /** A sync webhook's caller waits for this answer: it commits as soon as it is known. */
    @Override
    public boolean answersCaller() {
        return true;
    }

    @Override
    public String name() {
        return "respond";
    }

    @Override
    public List<Problem> validate(String path, ObjectNode config) {
        StepConfig c = new StepConfig(path, config).onlyFields(Set.of("status", "headers", "body"))
                .templates("body").templates("headers");
        JsonNode status = config.get("status");
        if (status != null && !(status.isInt() && status.asInt() >= 200 && status.asInt() <= 599)) {
            c.problem("status", "must be an HTTP status code between 200 and 599");
        }
        JsonNode headers = config.get("headers");
        if (headers != null && !headers.isObject()) {
            c.problem("headers", "must be an object of header names to values");
        }
        return c.problems();
    }

    @Override
    public StepResult execute(StepContext context) {
        ObjectNode config = context.config();
        ObjectNode out = Json.object();
        out.put("status", config.path("status").asInt(200));
        ObjectNode headers = out.putObject("headers");
        config.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().isTextual()
                ? Template.parse(e.getValue().asText()).renderText(context.data(), context.clock()) : e.getValue().toString()));
        JsonNode body = config.get("body");
        if (body != null) {
            out.set("body", Template.renderTree(body, context.data(), context.clock()));
        }
        return StepResult.completed(out);
    }
}
