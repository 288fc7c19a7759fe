package io.flowgate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Json;
import java.util.Collection;
import java.util.Map;

/**
 * Builds the expression context of SPEC §2 ("data pills") for one step of one execution:
 * {@code trigger}, {@code inputs}, {@code steps.<id>.outputs|status}, {@code execution.id},
 * {@code workflow.id|revision}, {@code secrets.<NAME>}.
 */
public final class DataPillsContext {
    private DataPillsContext() {}

    /** The stored part: what the trigger gave, fixed for the life of the execution. */
    public static ObjectNode initial(String trigger, JsonNode triggerData, JsonNode inputs) {
        ObjectNode ctx = Json.object();
        ObjectNode t = ctx.putObject("trigger");
        if (triggerData != null && triggerData.isObject()) {
            t.setAll((ObjectNode) triggerData);
        }
        t.put("type", trigger);
        ctx.set("inputs", inputs != null && inputs.isObject() ? inputs : Json.object());
        return ctx;
    }

    public static ObjectNode forStep(Execution execution, Collection<StepRun> runs, Map<String, String> secrets) {
        ObjectNode ctx = Json.object();
        JsonNode stored = execution.context();
        ctx.set("trigger", stored == null ? Json.object() : stored.path("trigger"));
        ctx.set("inputs", stored == null || !stored.has("inputs") ? Json.object() : stored.get("inputs"));
        ObjectNode steps = ctx.putObject("steps");
        for (StepRun run : runs) {
            ObjectNode s = steps.putObject(run.stepId());
            s.set("outputs", run.outputs() == null ? Json.object() : run.outputs());
            s.put("status", run.status().wire());
        }
        ctx.putObject("execution").put("id", execution.id());
        ctx.putObject("workflow").put("id", execution.workflowId()).put("revision", execution.revision())
                .put("team", execution.team());
        ObjectNode sec = ctx.putObject("secrets");
        secrets.forEach(sec::put);
        return ctx;
    }
}
