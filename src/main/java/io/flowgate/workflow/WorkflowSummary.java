package io.flowgate.workflow;

import java.time.Instant;

/** The current head of a workflow: its identity, latest revision and stable hook id. */
public record WorkflowSummary(
        String team,
        String id,
        String name,
        int latestRevision,
        String hookId,
        Instant createdAt,
        Instant updatedAt) {}
