package io.flowgate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Json;
import io.flowgate.core.TriggerKind;
import io.flowgate.expr.DataPills;
import io.flowgate.expr.LivePills;
import java.util.Collection;
import java.util.Map;

/**
 * Builds the expression context ("data pills", docs/workflows.md#data-pills) for one step of one execution:
 * {@code trigger}, {@code inputs}, {@code steps.<id>.outputs|status}, {@code execution.id},
 * {@code workflow.id|revision}, {@code secrets.<NAME>}.
 */
public final class DataPillsContext {
    private DataPillsContext() {}

    /** The stored part: what the trigger gave, fixed for the life of the execution. */
    public static ObjectNode initial(TriggerKind trigger, JsonNode triggerData, JsonNode inputs) {
        ObjectNode ctx = Json.object();
        ObjectNode t = ctx.putObject("trigger");
        if (triggerData != null && triggerData.isObject()) {
            t.setAll((ObjectNode) triggerData);
        }
        t.put("type", trigger.wire());
        ctx.set("inputs", inputs != null && inputs.isObject() ? inputs : Json.object());
        return ctx;
    }

    /** The context of one execution kept up to date step by step (see {@link LivePills}); same shape as {@link #forStep}. */
    public static LivePills live(Execution execution) {
        JsonNode stored = execution.context();
        return new LivePills(stored != null && stored.get("trigger") instanceof ObjectNode t ? t : Json.object(),
                stored == null ? null : stored.get("inputs"), execution.id(), execution.workflowId(),
                execution.revision());
    }

    public static ObjectNode forStep(Execution execution, Collection<StepRun> runs, Map<String, String> secrets) {
        JsonNode stored = execution.context();
        DataPills pills = DataPills.builder()
                .trigger(stored != null && stored.get("trigger") instanceof ObjectNode t ? t : Json.object())
                .inputs(stored == null ? null : stored.get("inputs"))
                .execution(execution.id())
                .workflow(execution.workflowId(), execution.revision())
                .secrets(secrets);
        for (StepRun run : runs) {
            pills.step(run.stepId(), run.outputs(), run.status().wire());
        }
        return pills.build();
    }
}
