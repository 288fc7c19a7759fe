package io.flowgate.cluster;

import io.flowgate.store.NodeStore.Held;
import java.time.Instant;

/** One node as {@code GET /api/v1/cluster} shows it; {@code held} counts rows under its current epoch. */
public record NodeView(String id, String address, String version, Instant startedAt, Instant lastHeartbeat,
                       boolean alive, Held held) {}
