package io.flowgate.delivery;

import io.flowgate.core.LeaseOwner;
import java.time.Duration;

/**
 * How the delivery worker runs on this node.
 *
 * @param owner          this node's lease owner token (id and epoch), written into every claim
 * @param batch          most deliveries claimed at once
 * @param maxInFlight    most deliveries this node holds (sending or queued) at once
 * @param perEndpoint    most concurrent requests to one endpoint (scheme://host:port): a slow endpoint
 *                       fills its own lane and is left out of claims, so it never delays the others
 * @param lease          how long a claim holds before another node may take the delivery
 * @param pollInterval   longest sleep between claims when nothing wakes the worker
 * @param defaultTimeout per-attempt timeout of webhooks that set none
 * @param schedule       retry schedule of webhooks that set none
 */
public record DeliverySettings(LeaseOwner owner, int batch, int maxInFlight, int perEndpoint, Duration lease,
                               Duration pollInterval, Duration defaultTimeout, RetrySchedule schedule) {
    public static final int DEFAULT_BATCH = 256;
    public static final int DEFAULT_MAX_IN_FLIGHT = 2048;
    public static final int DEFAULT_PER_ENDPOINT = 64;
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(15);
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    public static DeliverySettings defaults(LeaseOwner owner) {
        return defaults(owner, DEFAULT_LEASE);
    }

    /** Defaults with the node's lease, so a dead node's deliveries move as soon as its executions do. */
    public static DeliverySettings defaults(LeaseOwner owner, Duration lease) {
        return new DeliverySettings(owner, DEFAULT_BATCH, DEFAULT_MAX_IN_FLIGHT, DEFAULT_PER_ENDPOINT, lease,
                DEFAULT_POLL, DEFAULT_TIMEOUT, RetrySchedule.STANDARD);
    }

    /** The owner as the {@code owner} column holds it. */
    public String token() {
        return owner.toString();
    }
}
