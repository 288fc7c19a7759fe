package io.flowgate.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Builds the evaluation context of expressions and templates ("data pills", docs/workflows.md#data-pills):
 * <pre>
 * { trigger: {type, path, query, headers, body, raw, event, scheduledTime},
 *   inputs, steps: {&lt;id&gt;: {outputs, status}}, execution: {id},
 *   workflow: {id, revision}, secrets: {NAME: value} }
 * </pre>
 * The engine fills it; parts it never sets are simply absent (undefined in JSONata). Not
 * thread-safe. {@link #build()} returns a new context object that shares the given trigger, inputs
 * and outputs nodes rather than copying them — a context is built for every step, so copying would
 * cost more than the step — hence callers must treat those nodes as read-only, as expressions do.
 */
public final class DataPills {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ObjectNode trigger;
    private JsonNode inputs;
    private final ObjectNode steps = NODES.objectNode();
    private String executionId;
    private String workflowId;
    private Integer revision;
    private final ObjectNode secrets = NODES.objectNode();

    private DataPills() {}

    public static DataPills builder() {
        return new DataPills();
    }

    public DataPills trigger(TriggerData data) {
        this.trigger = data.toJson();
        return this;
    }

    /** A trigger object already in data-pill shape (e.g. read back from storage). */
    public DataPills trigger(ObjectNode trigger) {
        this.trigger = trigger;
        return this;
    }

    public DataPills inputs(JsonNode inputs) {
        this.inputs = inputs;
        return this;
    }

    /** {@code status} is the step status name the API shows (e.g. {@code completed}, {@code skipped}). */
    public DataPills step(String stepId, JsonNode outputs, String status) {
        ObjectNode step = NODES.objectNode();
        step.set("outputs", outputs == null ? NODES.objectNode() : outputs);
        step.put("status", status);
        steps.set(stepId, step);
        return this;
    }

    public DataPills execution(String executionId) {
        this.executionId = executionId;
        return this;
    }

    public DataPills workflow(String workflowId, int revision) {
        this.workflowId = workflowId;
        this.revision = revision;
        return this;
    }

    public DataPills secrets(Map<String, String> byName) {
        byName.forEach(secrets::put);
        return this;
    }

    public ObjectNode build() {
        ObjectNode context = NODES.objectNode();
        context.set("trigger", trigger == null ? TriggerData.manual().toJson() : trigger);
        context.set("inputs", inputs == null ? NODES.objectNode() : inputs);
        context.set("steps", NODES.objectNode().setAll(steps));
        ObjectNode execution = context.putObject("execution");
        if (executionId != null) {
            execution.put("id", executionId);
        }
        ObjectNode workflow = context.putObject("workflow");
        if (workflowId != null) {
            workflow.put("id", workflowId);
            workflow.put("revision", revision);
        }
        context.set("secrets", NODES.objectNode().setAll(secrets));
        return context;
    }
}
