package io.flowgate.workflow;

import java.time.Instant;

/** One immutable saved version of a workflow. {@code source} is the document as submitted. */
public record WorkflowRevision(
        String team,
        String workflowId,
        int revision,
        WorkflowDefinition definition,
        String source,
        Instant createdAt) {}
