-- Cluster membership: one row per node id. A node takes the next epoch each time it starts; its lease owner
-- token is '<id>#<epoch>', so writes of an earlier life of the same id never match a current lease.
-- last_heartbeat is renewed every third of lease_ms; a node is alive while its last heartbeat is less than
-- one lease old and it has not stopped (stopped_at is set on a graceful stop, cleared at the next start).
CREATE TABLE nodes (
    id             TEXT   NOT NULL PRIMARY KEY,
    epoch          BIGINT NOT NULL,
    address        TEXT   NOT NULL,
    version        TEXT   NOT NULL,
    lease_ms       BIGINT NOT NULL,
    started_at     BIGINT NOT NULL,
    last_heartbeat BIGINT NOT NULL,
    stopped_at     BIGINT
);

-- Held counts per owner (GET /api/v1/cluster) and releasing an earlier life's claims read only held rows.
CREATE INDEX deliveries_owner ON deliveries (owner) WHERE owner IS NOT NULL;
CREATE INDEX events_claimed ON events (claimed_by) WHERE claimed_by IS NOT NULL;
