package io.flowgate.engine;

import io.flowgate.core.TriggerKind;
import java.time.Instant;

/**
 * Filters for listing executions; every field may be null (no filter).
 * {@code cursor} is the opaque value of {@link Page#next()} from the previous page.
 */
public record ExecutionQuery(
        String team,
        String workflowId,
        ExecutionStatus status,
        TriggerKind trigger,
        Instant from,
        Instant to,
        String idPrefix,
        int limit,
        String cursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public static ExecutionQuery all() {
        return new ExecutionQuery(null, null, null, null, null, null, null, DEFAULT_LIMIT, null);
    }
}
