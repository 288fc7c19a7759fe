package io.flowgate.engine.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Json;
import io.flowgate.core.OutboundPolicy;
import io.flowgate.core.TriggerKind;
import io.flowgate.engine.Execution;
import io.flowgate.engine.Publisher;
import io.flowgate.engine.Waits;
import io.flowgate.engine.steps.StepServices;
import java.net.http.HttpClient;
import java.util.Optional;

/** The engine facilities lent to step types. */
final class EngineStepServices implements StepServices {
    private final Engine engine;
    private final HttpClient httpClient;
    private final OutboundPolicy outboundPolicy;

    EngineStepServices(Engine engine, HttpClient httpClient, OutboundPolicy outboundPolicy) {
        this.engine = engine;
        this.httpClient = httpClient;
        this.outboundPolicy = outboundPolicy;
    }

    @Override
    public HttpClient httpClient() {
        return httpClient;
    }

    @Override
    public OutboundPolicy outboundPolicy() {
        return outboundPolicy;
    }

    @Override
    public String redact(String text) {
        return engine.redact(text);
    }

    @Override
    public Execution startChild(Execution parent, String workflowId, JsonNode inputs) {
        ObjectNode trigger = Json.object();
        trigger.putObject("parent").put("id", parent.id()).put("workflowId", parent.workflowId());
        return engine.start(parent.team(), workflowId, null, TriggerKind.WORKFLOW, trigger, inputs, parent.id());
    }

    @Override
    public Optional<Execution> find(String executionId) {
        return engine.store().find(executionId);
    }

    @Override
    public JsonNode lastOutputs(String executionId) {
        return engine.lastOutputs(executionId);
    }

    @Override
    public Waits waits() {
        return engine.waits();
    }

    @Override
    public Publisher publisher() {
        return engine.publisher();
    }
}
