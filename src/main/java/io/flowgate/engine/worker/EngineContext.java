package io.flowgate.engine.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.engine.EngineListener;
import io.flowgate.engine.Execution;
import io.flowgate.engine.StepRun;
import io.flowgate.engine.steps.StepServices;
import io.flowgate.engine.steps.StepTypes;
import io.flowgate.store.ExecutionStore;
import io.flowgate.workflow.WorkflowDefinition;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/** What an {@link ExecutionDriver} needs from the engine around it. */
interface EngineContext {
    ExecutionStore store();

    Revisions revisions();

    StepTypes stepTypes();

    /** Where attempts of {@code type} run: types without outside effects on a small platform pool, the rest on virtual threads. */
    java.util.concurrent.ExecutorService executorFor(io.flowgate.engine.steps.StepType type);

    Clock clock();

    StepServices services();

    EngineListener listener();

    /** This node's lease owner token ({@code node#epoch}), the guard of every write. */
    String leaseOwner();

    Duration leaseDuration();

    Map<String, String> secrets();

    String redact(String text);

    JsonNode redact(JsonNode value);

    /** Called after a change was committed. */
    void changed(Execution execution, Collection<StepRun> runs, WorkflowDefinition definition);

    /** Called after an execution's end was committed. */
    void ended(Execution execution);

    /** Asks the start gate about a deferred execution this node holds; true when it runs now. */
    boolean admit(Execution deferred);

    /** A guarded write to {@code executionId} was refused: the lease was lost, or the run was cancelled. */
    void refused(String executionId);

    /** Called after an execution was parked waiting. */
    void parked(Execution execution);
}
