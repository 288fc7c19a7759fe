package io.flowgate.engine.worker;

import io.flowgate.engine.steps.StepResult;

/** What came back from one step attempt run on its own thread. */
record StepOutcome(String stepId, int attempt, StepResult result) {}
