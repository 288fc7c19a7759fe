-- Outbound webhook deliveries (an outbox written with the step transition that causes it),
-- and every attempt at sending one (the secrets that sign them are in V6).

CREATE TABLE deliveries (
    id              TEXT    NOT NULL PRIMARY KEY,
    team            TEXT    NOT NULL,
    workflow_id     TEXT    NOT NULL,
    execution_id    TEXT    NOT NULL,
    step_id         TEXT,
    name            TEXT,
    event           TEXT    NOT NULL,
    url             TEXT    NOT NULL,
    endpoint        TEXT    NOT NULL,
    config          TEXT    NOT NULL,
    payload         TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    attempts        INTEGER NOT NULL,
    round_attempts  INTEGER NOT NULL,
    last_status     INTEGER,
    last_error      TEXT,
    next_attempt_at BIGINT,
    owner           TEXT,
    lease_until     BIGINT,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL
);
CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);
CREATE INDEX deliveries_execution ON deliveries (execution_id);
CREATE INDEX deliveries_workflow ON deliveries (workflow_id, created_at);

CREATE TABLE delivery_attempts (
    delivery_id TEXT    NOT NULL,
    n           INTEGER NOT NULL,
    at          BIGINT  NOT NULL,
    status_code INTEGER,
    latency_ms  BIGINT  NOT NULL,
    response    TEXT,
    error       TEXT,
    PRIMARY KEY (delivery_id, n)
);
