package io.flowgate.engine.steps;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** What one attempt of a step came to. */
public sealed interface StepResult {

    /** Finished; {@code outputs} is a JSON object. */
    record Completed(JsonNode outputs) implements StepResult {}

    /** Failed; the engine retries per the step's policy when {@code retryable}. */
    record Failed(String error, boolean retryable) implements StepResult {}

    /**
     * Not done yet: call again at {@code until} (null: only when woken by something else, such as
     * a child execution ending) with {@code state} in {@link StepContext#state()}.
     */
    record Wait(Instant until, JsonNode state) implements StepResult {}

    static Completed completed(JsonNode outputs) {
        return new Completed(outputs);
    }

    static Failed failed(String error) {
        return new Failed(error, true);
    }
}
