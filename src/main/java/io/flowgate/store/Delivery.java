package io.flowgate.store;

import java.time.Instant;

/**
 * A stored outbound webhook message and where its sending stands.
 *
 * @param attempts      every attempt ever made (redelivery keeps counting)
 * @param roundAttempts attempts since the message was written or last redelivered: the position in
 *                      its retry schedule
 * @param lastStatus    HTTP status of the last attempt; null if none answered
 */
public record Delivery(
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
        DeliveryStatus status,
        int attempts,
        int roundAttempts,
        Integer lastStatus,
        String lastError,
        Instant nextAttemptAt,
        Instant createdAt) {}
