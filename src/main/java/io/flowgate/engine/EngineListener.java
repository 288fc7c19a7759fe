package io.flowgate.engine;

import io.flowgate.core.TriggerKind;
import java.time.Duration;

/** Hooks the engine calls as work happens; the composition root adapts them to metrics. */
public interface EngineListener {
    EngineListener NONE = new EngineListener() {};

    default void executionStarted(TriggerKind trigger) {}

    default void executionEnded(ExecutionStatus status, Duration duration) {}

    default void stepFinished(String type, StepStatus status, Duration duration) {}

    /** Outbound webhook messages were committed with a transition: the delivery worker may send them now. */
    default void deliveriesQueued(int count) {}
}
