package io.flowgate.engine.steps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Problem;
import java.util.List;

/**
 * A kind of step ({@code type:} in a workflow). Built-ins and plug-ins alike implement this and
 * are found through {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/io.flowgate.engine.steps.StepType}).
 *
 * <p>{@link #execute} runs on a virtual thread and may block. It must not sleep for long: to wait,
 * return {@link StepResult.Wait} and the engine persists a durable timer and calls again later with
 * the saved state.
 */
public interface StepType {

    /** The {@code type:} name, e.g. {@code transform}. */
    String name();

    /** Checks the type-specific fields (everything but the common ones); {@code path} is e.g. {@code steps[1]}. */
    List<Problem> validate(String path, ObjectNode config);

    StepResult execute(StepContext context) throws Exception;

    /**
     * Whether an attempt may touch anything outside its own execution (a network call, an event, another
     * execution, a message). Steps without outside effects run back to back and their results commit together
     * with the next park or end (docs/architecture.md#run-to-the-next-park): after a crash such a chain runs
     * again from the last commit, which is harmless only when running it twice changes nothing outside.
     * True unless a type says otherwise, so a plug-in that does not know about this stays safe.
     */
    default boolean hasOutsideEffects() {
        return true;
    }

    /**
     * Whether someone waits for this step's result as soon as it is known (a sync webhook caller waits for
     * {@code respond}): the engine commits right after it instead of with the rest of its chain.
     */
    default boolean answersCaller() {
        return false;
    }
}
