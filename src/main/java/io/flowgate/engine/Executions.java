package io.flowgate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.store.ExecutionQuery;
import io.flowgate.store.ExecutionStore;
import io.flowgate.store.Page;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the edges (API, triggers, CLI through the API) may ask of the engine. Implemented by
 * {@link io.flowgate.engine.worker.Engine}.
 */
public interface Executions {

    /**
     * Starts the given revision (null: latest) of a workflow. Returns once the execution is
     * durable; it runs in the background.
     *
     * @param trigger manual | webhook | schedule | event | workflow
     * @param triggerData the {@code trigger.*} data pills (type is added by the engine)
     * @param inputs      the {@code inputs} data pill (an object; null means {})
     */
    Execution start(String team, String workflowId, Integer revision, String trigger, JsonNode triggerData,
                    JsonNode inputs, String parentId);

    /**
     * Starts the given revision (null: latest) as
     * {@link #start(String, String, Integer, String, JsonNode, JsonNode, String)} does, writing {@code with} in the same
     * commit as the execution (one commit unit per webhook request). Empty when a side write
     * declined (its idempotency key was taken meanwhile): nothing was written or started.
     */
    Optional<Execution> startWith(String team, String workflowId, Integer revision, String trigger,
                                  JsonNode triggerData, JsonNode inputs, List<ExecutionStore.SideWrite> with);

    Optional<ExecutionView> get(String executionId);

    Page<Execution> list(ExecutionQuery query);

    /** Cancels a non-terminal execution; throws ConflictException if it already ended. */
    ExecutionView cancel(String executionId);

    /** Re-runs a failed execution from {@code stepId} (null: its first failed step). */
    ExecutionView retry(String executionId, String stepId);

    /** Waits up to {@code timeout} for the execution to end; returns its view either way. */
    ExecutionView await(String executionId, Duration timeout) throws InterruptedException;

    /** Receives every change of one execution until the returned handle is closed. */
    AutoCloseable subscribe(String executionId, Consumer<ExecutionView> listener);

    /** An execution with its steps, as the status API shows it. */
    record ExecutionView(Execution execution, List<StepRun> steps) {}
}
