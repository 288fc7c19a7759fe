package io.flowgate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Page;
import io.flowgate.core.TriggerKind;
import java.time.Duration;
import java.time.Instant;
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
     * @param trigger what starts it
     * @param triggerData the {@code trigger.*} data pills (type is added by the engine)
     * @param inputs      the {@code inputs} data pill (an object; null means {})
     */
    Execution start(String team, String workflowId, Integer revision, TriggerKind trigger, JsonNode triggerData,
                    JsonNode inputs, String parentId);

    /**
     * Starts the latest revision under a given id, unless an execution with that id exists already (then
     * empty, and nothing runs). Triggers that must fire once per occurrence (a schedule slot) derive the id
     * from the occurrence.
     */
    default Optional<Execution> startOnce(String executionId, String team, String workflowId, TriggerKind trigger,
                                          JsonNode triggerData, JsonNode inputs) {
        List<Execution> started = startOnce(List.of(new Start(executionId, team, workflowId, trigger, triggerData,
                inputs, null)));
        return started.isEmpty() ? Optional.empty() : Optional.of(started.getFirst());
    }

    /**
     * The batch form of {@link #startOnce(String, String, String, TriggerKind, JsonNode, JsonNode)}: one durable
     * write for all of them. Returns the executions that were new; starts whose id exists already, or whose
     * workflow no longer exists, are left out.
     */
    List<Execution> startOnce(List<Start> starts);

    /**
     * One execution to start under a given id (see {@link #startOnce(List)}).
     *
     * @param createdAt the run's creation date: a schedule slot's time for a run of that slot; null means now
     */
    record Start(String executionId, String team, String workflowId, TriggerKind trigger, JsonNode triggerData,
                 JsonNode inputs, Instant createdAt) {}

    /**
     * Starts the given revision (null: latest) as
     * {@link #start(String, String, Integer, TriggerKind, JsonNode, JsonNode, String)} does, writing {@code with} in the same
     * commit as the execution (one commit unit per webhook request). Empty when a side write
     * declined (its idempotency key was taken meanwhile): nothing was written or started.
     */
    Optional<Execution> startWith(String team, String workflowId, Integer revision, TriggerKind trigger,
                                  JsonNode triggerData, JsonNode inputs, List<SideWrite> with);

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

    /**
     * Receives every execution started or changed on this node (its state after the change; steps'
     * changes included, so one status may arrive more than once) until the handle is closed. Changes
     * made by other nodes do not arrive here: a listener wanting them re-reads the store now and then.
     */
    AutoCloseable watch(Consumer<Execution> listener);

    /** An execution with its steps, as the status API shows it. */
    record ExecutionView(Execution execution, List<StepRun> steps) {}
}
