package io.flowgate.cluster;

import io.flowgate.store.NodeStore.NodeRow;
import java.time.Duration;
import java.time.Instant;

/**
 * The rules that read a node's row. A node beats every third of its own lease (the same tick as its lease
 * renewals), so a heartbeat older than one lease means at least two missed beats: it is not alive, and its
 * leases are running out. Each row carries the lease of the node that wrote it, so nodes with different
 * {@code --lease} settings judge each other correctly.
 */
public final class Liveness {
    private Liveness() {}

    /** How often a node with {@code lease} beats and renews its leases. */
    public static Duration beatEvery(Duration lease) {
        return Duration.ofMillis(Math.max(1, lease.toMillis() / 3));
    }

    /** Alive: not stopped, and the last heartbeat is at most one lease old at {@code now}. */
    public static boolean alive(NodeRow node, Instant now) {
        return node.stoppedAt() == null && !node.lastHeartbeat().plus(node.lease()).isBefore(now);
    }

    /**
     * Silent: not stopped, and more than one and a half beats went by without a heartbeat — it missed one. Its
     * leases end within a lease of its last renewal; the other nodes start watching for that moment.
     */
    public static boolean silent(NodeRow node, Instant now) {
        Duration beat = beatEvery(node.lease());
        return node.stoppedAt() == null && node.lastHeartbeat().plus(beat.plus(beat.dividedBy(2))).isBefore(now);
    }
}
