package io.flowgate.store;

import java.time.Instant;

/**
 * An outbound webhook message to send, written in the same transaction as the change that causes
 * it (an outbox row). {@code id} is also the message's {@code webhook-id}, stable across retries.
 *
 * @param stepId   null for workflow-level events (execution.completed|failed)
 * @param endpoint scheme://host:port of {@code url}, the unit of per-endpoint concurrency
 * @param config   the subscription's settings (auth with unrendered templates, retry, timeout) as JSON
 * @param payload  the message body as JSON text, without auth fields (added at send time)
 */
public record NewDelivery(
        String id,
        String team,
        String workflowId,
        String executionId,
        String stepId,
        String name,
        String event,
        String url,
        String endpoint,
        String config,
        String payload,
        Instant createdAt) {}
