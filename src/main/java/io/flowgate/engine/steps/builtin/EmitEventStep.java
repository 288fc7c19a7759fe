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
import io.flowgate.expr.ExpressionException;
import io.flowgate.expr.Template;
import java.util.List;
import java.util.Set;

/**
 * {@code emit-event}: publishes a CloudEvent into Flowgate's own event intake, where it starts workflows and
 * resumes waiting runs like any other event. {@code source} is {@code /flowgate/workflows/{workflowId}}; the
 * event id is the step attempt's idempotency key, so running the attempt again (after a crash, before its
 * result was committed) publishes nothing new: the intake drops a repeated (source, id). {@code data} is a
 * JSONata expression (a string without {@code {{ }}}), or a template / an object of templates.
 */
public final class EmitEventStep implements StepType {
    private static final Set<String> EVENT_FIELDS = Set.of("type", "subject", "data");

    @Override
    public String name() {
        return "emit-event";
    }

    @Override
    public List<Problem> validate(String path, ObjectNode config) {
        StepConfig c = new StepConfig(path, config).onlyFields(Set.of("event"));
        JsonNode event = config.get("event");
        if (event == null || !event.isObject()) {
            c.problem("event", "is required: {type, subject, data}");
            return c.problems();
        }
        event.fieldNames().forEachRemaining(f -> {
            if (!EVENT_FIELDS.contains(f)) {
                c.problem("event." + f, "unknown field; allowed here: data, subject, type");
            }
        });
        JsonNode type = event.get("type");
        if (type == null || !type.isTextual() || type.asText().isBlank() || type.asText().contains("*")) {
            c.problem("event.type", "is required: a CloudEvents type (a template), without wildcards");
        }
        JsonNode subject = event.get("subject");
        if (subject != null && !subject.isTextual()) {
            c.problem("event.subject", "must be a string (a template)");
        }
        new StepConfig(path + ".event", (ObjectNode) event).templates("type").templates("subject").problems()
                .forEach(p -> c.problem(p.path().substring(path.length() + 1), p.message()));
        JsonNode data = event.get("data");
        if (data != null && data.isTextual() && !Template.hasExpressions(data.asText())) {
            try {
                Expression.compile(data.asText());
            } catch (ExpressionException e) {
                c.problem("event.data", e.getMessage());
            }
        } else if (data != null) {
            new StepConfig(path + ".event", (ObjectNode) event).templates("data").problems()
                    .forEach(p -> c.problem(p.path().substring(path.length() + 1), p.message()));
        }
        return c.problems();
    }

    @Override
    public StepResult execute(StepContext context) {
        JsonNode event = context.config().get("event");
        ObjectNode out = Json.object();
        String type = Template.renderTree(event.get("type"), context.data(), context.clock()).asText();
        if (type.isBlank() || type.contains("*")) {
            return new StepResult.Failed("emit-event: the type rendered to '" + type + "'; it must be a CloudEvents"
                    + " type without wildcards", false);
        }
        out.put("type", type);
        if (event.hasNonNull("subject")) {
            out.put("subject", Template.renderTree(event.get("subject"), context.data(), context.clock()).asText());
        }
        JsonNode data = event.get("data");
        if (data != null && data.isTextual() && !Template.hasExpressions(data.asText())) {
            out.set("data", Expression.compile(data.asText()).evaluate(context.data(), context.clock()));
        } else if (data != null) {
            out.set("data", Template.renderTree(data, context.data(), context.clock()));
        }
        String id = context.services().waits().emit(context.execution(), context.idempotencyKey(), out);
        ObjectNode outputs = Json.object();
        outputs.put("id", id);
        return StepResult.completed(outputs);
    }
}
