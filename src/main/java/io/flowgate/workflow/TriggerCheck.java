package io.flowgate.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Problem;
import java.util.List;

/**
 * Checks one entry of one kind of trigger ({@code triggers.webhook}, one {@code triggers.schedule[i]}, …).
 * Each trigger package knows its own settings; the composition root hands its checks to the
 * {@link WorkflowParser}, so the workflow model never depends on a trigger package (which depend on it).
 */
@FunctionalInterface
public interface TriggerCheck {
    /** Accepts every entry: for a kind whose entries the workflow validator checks itself, or none. */
    TriggerCheck NONE = (entry, at) -> List.of();

    /** Every problem of {@code entry} (an object), paths starting with {@code at}; empty when it is valid. */
    List<Problem> problems(JsonNode entry, String at);
}
