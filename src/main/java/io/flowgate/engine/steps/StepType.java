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
}
