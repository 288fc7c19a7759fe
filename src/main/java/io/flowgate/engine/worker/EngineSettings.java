package io.flowgate.engine.worker;

import io.flowgate.core.LeaseOwner;
import java.time.Duration;

/**
 * Engine tuning, with named defaults.
 *
 * @param owner        this node's id and epoch, written into every lease it takes (membership gives the epoch)
 * @param lease        how long a claim lasts without renewal; a dead node's work is resumed after it
 * @param concurrency  executions driven at once on this node
 * @param pollInterval longest sleep of the claim loop when nothing wakes it (others' work, lost leases)
 */
public record EngineSettings(LeaseOwner owner, Duration lease, int concurrency, Duration pollInterval) {
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(15);
    public static final int DEFAULT_CONCURRENCY = 1024;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    public static EngineSettings of(LeaseOwner owner) {
        return new EngineSettings(owner, DEFAULT_LEASE, DEFAULT_CONCURRENCY, DEFAULT_POLL_INTERVAL);
    }

    /** The owner as the {@code owner} columns hold it. */
    public String token() {
        return owner.toString();
    }
}
