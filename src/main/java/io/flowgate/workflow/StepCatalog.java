package io.flowgate.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Problem;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the validator knows about step types, without depending on the engine: the engine's
 * step-type registry implements it.
 */
public interface StepCatalog {

    /** Names of every registered step type (for "unknown step type" messages). */
    Set<String> types();

    /**
     * Checks the type-specific fields of one step. Empty when {@code type} is unknown; else the
     * problems found (empty list: fine). {@code path} is the step's path, e.g. {@code steps[2]}.
     */
    Optional<List<Problem>> check(String type, String path, ObjectNode config);
}
