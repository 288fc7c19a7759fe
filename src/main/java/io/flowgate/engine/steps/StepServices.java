package io.flowgate.engine.steps;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.OutboundPolicy;
import io.flowgate.engine.Execution;
import io.flowgate.engine.Publisher;
import io.flowgate.engine.Waits;
import java.net.http.HttpClient;
import java.util.Optional;

/** Facilities the engine lends to step types. */
public interface StepServices {

    HttpClient httpClient();

    /** Where outbound calls may go; check every URL before calling it. */
    OutboundPolicy outboundPolicy();

    /** Replaces every known secret value in {@code text} with {@code ***}. */
    String redact(String text);

    /** Starts a child execution of {@code workflowId} in the parent's team; durable on return. */
    Execution startChild(Execution parent, String workflowId, JsonNode inputs);

    Optional<Execution> find(String executionId);

    /** Outputs of the last completed step of a finished execution, or {} when none. */
    JsonNode lastOutputs(String executionId);

    /** Waiting for events and decisions, and publishing events; absent on an engine without events. */
    default Waits waits() {
        throw new UnsupportedOperationException("This engine has no event support");
    }

    /** Messages to brokers (the {@code publish} step); absent on an engine without broker connections. */
    default Publisher publisher() {
        throw new UnsupportedOperationException("This engine has no broker connections");
    }
}
