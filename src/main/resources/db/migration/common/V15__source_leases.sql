-- Which node consumes a source that only one node may consume at a time (an MQTT subscription without
-- `shared`: docs/events.md#on-several-nodes), by lease: taken when free or expired, renewed while the node
-- runs it, given up when the node stops. The owner is the node's lease owner token '<id>#<epoch>'.
CREATE TABLE source_leases (
    name        TEXT   NOT NULL PRIMARY KEY,
    owner       TEXT   NOT NULL,
    lease_until BIGINT NOT NULL
);
