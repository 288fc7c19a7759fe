/**
 * Cluster membership: each node's row in {@code nodes} (id, epoch, address, version, heartbeat), the epoch that
 * makes its lease owner token, the alive rule, the node list {@code GET /api/v1/cluster} shows, waking the
 * claim loops when a silent node's leases run out, and the log line and count of every lease this node lost.
 * Uses core and the store ports; no HTTP or JDBC types.
 */
package io.flowgate.cluster;
