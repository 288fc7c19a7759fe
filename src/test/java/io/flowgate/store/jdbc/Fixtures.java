package io.flowgate.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Json;
import io.flowgate.core.TriggerKind;
import io.flowgate.engine.Execution;
import io.flowgate.engine.ExecutionStatus;
import io.flowgate.engine.StepRun;
import java.time.Instant;
import java.util.List;

/** Test values: executions and steps with everything the schema stores. */
final class Fixtures {
    private Fixtures() {}

    static Execution execution(String id, Instant createdAt, ExecutionStatus status) {
        return new Execution(id, "default", "orders", 1, TriggerKind.WEBHOOK, status,
                json("{\"trigger\":{\"body\":{\"n\":1,\"tags\":[\"a\",null]}},\"inputs\":{}}"),
                createdAt, null, null, null, null, null, 0);
    }

    static Execution execution(String id, String workflowId, TriggerKind trigger, Instant createdAt,
                               ExecutionStatus status) {
        Execution e = execution(id, createdAt, status);
        return new Execution(id, e.team(), workflowId, e.revision(), trigger, status, e.context(), createdAt,
                null, null, null, null, null, 0);
    }

    static List<StepRun> steps(String executionId) {
        return List.of(StepRun.notStarted(executionId, "fetch", 1, "Fetch order"),
                StepRun.notStarted(executionId, "notify", 2, null));
    }

    static JsonNode json(String text) {
        return Json.read(text);
    }
}
