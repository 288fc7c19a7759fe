package io.flowgate.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Outbound webhook deliveries. New ones are written by {@link ExecutionStore#apply} with the step
 * transition that causes them; this port claims, finishes and lists them.
 */
public interface DeliveryStore {

    /** Filters of {@link #list}; null fields do not filter. */
    record Query(String team, String executionId, String workflowId, DeliveryStatus status, int limit) {}

    /** What became of one attempt: the delivery's new state plus the attempt's record. */
    record Result(String id, DeliveryStatus status, int attempts, int roundAttempts, Integer lastStatus,
                  String lastError, Instant nextAttemptAt, DeliveryAttempt attempt) {}

    /**
     * Claims up to {@code limit} pending deliveries due at {@code now} that nobody holds (or whose
     * lease expired), oldest due first, skipping {@code busyEndpoints}. Losing a race is normal.
     */
    List<Delivery> claim(String owner, Instant now, Instant leaseUntil, int limit, List<String> busyEndpoints);

    /** Records an attempt and releases the delivery, if {@code owner} still holds it. */
    boolean finish(String owner, Result result);

    /** Extends every lease {@code owner} holds. */
    int renewLeases(String owner, Instant leaseUntil);

    /** Gives up every lease {@code owner} holds (shutdown or restart). */
    int releaseAll(String owner);

    /** Makes a delivery pending and due at {@code now} with a fresh retry schedule; false if unknown. */
    boolean redeliver(String id, Instant now);

    Optional<Delivery> find(String id);

    /** Newest first. */
    List<Delivery> list(Query query);

    /** Every delivery of one execution, oldest first (for the status document). */
    List<Delivery> forExecution(String executionId);

    List<DeliveryAttempt> attempts(String deliveryId);

    /** Earliest due time of a pending delivery nobody holds, for the worker to sleep until. */
    Optional<Instant> nextDue();
}
