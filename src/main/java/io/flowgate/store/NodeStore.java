package io.flowgate.store;

import io.flowgate.core.LeaseLoss;
import io.flowgate.core.LeaseOwner;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cluster membership: the {@code nodes} table (one row per node id, its current epoch and heartbeat) and the
 * few questions about leases that span every leased table (held counts, an earlier life's rows, who holds a
 * row now).
 */
public interface NodeStore {

    /** A node's row as stored; {@code stoppedAt} is null while the node runs (or died without stopping). */
    record NodeRow(String id, long epoch, String address, String version, Duration lease, Instant startedAt,
                   Instant lastHeartbeat, Instant stoppedAt) {
        public LeaseOwner owner() {
            return new LeaseOwner(id, epoch);
        }
    }

    /** What a node joining learned: its new owner token and the row of its previous life, if any. */
    record Joined(LeaseOwner owner, Optional<NodeRow> previous) {}

    /** Rows held under one owner token; timers are schedules' next slots (deferred executions). */
    record Held(long executions, long timers, long deliveries) {
        public static final Held NONE = new Held(0, 0, 0);
    }

    /** Rows released from earlier lives of a node id, by table. */
    record Released(int executions, int deliveries, int events) {
        public int total() {
            return executions + deliveries + events;
        }
    }

    /**
     * Upserts {@code nodeId}'s row with the next epoch (1 for a new id), started and beating at {@code now},
     * not stopped; one commit, so two processes starting with one id still get different epochs.
     */
    Joined join(String nodeId, String address, String version, Duration lease, Instant now);

    /**
     * Frees every execution, delivery and event claim held under an earlier epoch of {@code current}'s node id
     * (or under the bare id that versions before epochs wrote), so anyone may claim them at once.
     */
    Released releaseEarlierLives(LeaseOwner current);

    /** Records a heartbeat; false when the row now belongs to a newer life of the id (another process). */
    boolean beat(LeaseOwner owner, Instant now);

    /** Records the node's public URL once it is known (after the HTTP port is bound). */
    void announce(LeaseOwner owner, String address);

    /** Marks a graceful stop, so the node reads as not alive at once. */
    void stopped(LeaseOwner owner, Instant now);

    /** Every node row, by id. */
    List<NodeRow> list();

    /** Rows held per owner token, counted with one GROUP BY per table; tokens holding nothing are absent. */
    Map<String, Held> held();

    /**
     * The earliest lease end after {@code after} among rows {@code owner} holds (executions, deliveries, events),
     * if any.
     */
    Optional<Instant> earliestLeaseEnd(LeaseOwner owner, Instant after);

    /** Who holds row {@code id} of {@code kind} now: an owner token, or empty when nobody does. */
    Optional<String> holder(LeaseLoss.Kind kind, String id);
}
