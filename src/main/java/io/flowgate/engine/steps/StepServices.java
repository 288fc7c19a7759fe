package io.flowgate.engine.steps;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.engine.Execution;
import java.net.http.HttpClient;
import java.util.Optional;

/** Facilities the engine lends to step types. */
public interface StepServices {

    HttpClient httpClient();

    /** Starts a child execution of {@code workflowId} in the parent's team; durable on return. */
    Execution startChild(Execution parent, String workflowId, JsonNode inputs);

    Optional<Execution> find(String executionId);

    /** The last completed step's outputs of a finished execution (for run-workflow with wait). */
    JsonNode lastOutputs(String executionId);
}
