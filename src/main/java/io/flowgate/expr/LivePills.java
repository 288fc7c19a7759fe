package io.flowgate.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The data-pill context of one execution (the same shape {@link DataPills#build()} gives), kept both as a
 * Jackson tree and in the JSONata library's {@code Map}/{@code List} form. The trigger and inputs are converted
 * once per execution and each step's outputs once per change, instead of converting the whole context for every
 * expression. Each {@link #snapshot} is a new top-level object sharing the converted parts, so an attempt running
 * on another thread keeps the context it was given while the owner goes on updating. Not thread-safe: one owner
 * updates it; the snapshots are read-only.
 */
public final class LivePills {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectNode trigger;
    private final JsonNode inputs;
    private final Object triggerJava;
    private final Object inputsJava;
    private final ObjectNode execution = NODES.objectNode();
    private final ObjectNode workflow = NODES.objectNode();
    private final Map<String, Object> executionJava = new LinkedHashMap<>();
    private final Map<String, Object> workflowJava = new LinkedHashMap<>();
    private final Map<String, JsonNode> steps = new LinkedHashMap<>();
    private final Map<String, Object> stepsJava = new LinkedHashMap<>();
    /** What each step's entry was built from, so an unchanged step is not converted again. */
    private final Map<String, Seen> seen = new HashMap<>();
    private Map<String, String> secretsSource;
    private ObjectNode secrets = NODES.objectNode();
    private Map<String, Object> secretsJava = Map.of();

    private record Seen(JsonNode outputs, String status) {}

    public LivePills(ObjectNode trigger, JsonNode inputs, String executionId, String workflowId, int revision) {
        this.trigger = trigger;
        this.inputs = inputs == null ? NODES.objectNode() : inputs;
        this.triggerJava = JsonValues.toJava(this.trigger);
        this.inputsJava = JsonValues.toJava(this.inputs);
        execution.put("id", executionId);
        executionJava.put("id", executionId);
        workflow.put("id", workflowId);
        workflow.put("revision", revision);
        workflowJava.put("id", workflowId);
        workflowJava.put("revision", (long) revision);
    }

    /** Sets a step's entry; converts only when its outputs (by identity) or status changed. */
    public void step(String stepId, JsonNode outputs, String status) {
        Seen now = new Seen(outputs, status);
        Seen before = seen.get(stepId);
        if (before != null && before.outputs() == outputs && before.status().equals(status)) {
            return;
        }
        seen.put(stepId, now);
        ObjectNode step = NODES.objectNode();
        JsonNode out = outputs == null ? NODES.objectNode() : outputs;
        step.set("outputs", out);
        step.put("status", status);
        steps.put(stepId, step);
        Map<String, Object> java = new LinkedHashMap<>(4);
        java.put("outputs", JsonValues.toJava(out));
        java.put("status", status);
        stepsJava.put(stepId, java);
    }

    /** The context as it is now, for one step attempt or one expression. */
    public ObjectNode snapshot(Map<String, String> secretValues) {
        if (secretValues != secretsSource) {
            secrets = NODES.objectNode();
            Map<String, Object> java = new LinkedHashMap<>();
            secretValues.forEach((k, v) -> {
                secrets.put(k, v);
                java.put(k, v);
            });
            secretsJava = java;
            secretsSource = secretValues;
        }
        Map<String, JsonNode> tree = new LinkedHashMap<>(12);
        Map<String, Object> java = new LinkedHashMap<>(12);
        tree.put("trigger", trigger);
        java.put("trigger", triggerJava);
        tree.put("inputs", inputs);
        java.put("inputs", inputsJava);
        tree.put("steps", new ObjectNode(NODES, new LinkedHashMap<>(steps)));
        java.put("steps", new LinkedHashMap<>(stepsJava));
        tree.put("execution", execution);
        java.put("execution", executionJava);
        tree.put("workflow", workflow);
        java.put("workflow", workflowJava);
        tree.put("secrets", secrets);
        java.put("secrets", secretsJava);
        return new Converted(tree, java);
    }

    /**
     * A context tree that carries its JSONata form along; {@link Expression} evaluates over that form instead of
     * converting the tree. It must not be changed after it was built (expressions and steps only read it).
     */
    static final class Converted extends ObjectNode {
        private static final long serialVersionUID = 1L;
        private final transient Map<String, Object> java;

        Converted(Map<String, JsonNode> children, Map<String, Object> java) {
            super(NODES, children);
            this.java = java;
        }

        Map<String, Object> java() {
            return java;
        }
    }
}
