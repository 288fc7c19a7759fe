-- Flowgate schema, shared by SQLite and PostgreSQL.
-- Timestamps are BIGINT epoch milliseconds (no time-zone surprises); JSON is TEXT.

CREATE TABLE workflows (
    team            TEXT    NOT NULL,
    id              TEXT    NOT NULL,
    name            TEXT,
    latest_revision INTEGER NOT NULL,
    hook_id         TEXT    NOT NULL UNIQUE,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL,
    PRIMARY KEY (team, id)
);

CREATE INDEX workflows_by_id ON workflows (id);

CREATE TABLE workflow_revisions (
    team        TEXT    NOT NULL,
    workflow_id TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    definition  TEXT    NOT NULL,
    source      TEXT,
    created_at  BIGINT  NOT NULL,
    PRIMARY KEY (team, workflow_id, revision),
    FOREIGN KEY (team, workflow_id) REFERENCES workflows (team, id) ON DELETE CASCADE
);

-- Executions outlive their workflow (a deleted workflow keeps its history): no foreign key.
CREATE TABLE executions (
    id          TEXT    NOT NULL PRIMARY KEY,
    team        TEXT    NOT NULL,
    workflow_id TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    trig        TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    context     TEXT,
    created_at  BIGINT  NOT NULL,
    started_at  BIGINT,
    ended_at    BIGINT,
    wake_at     BIGINT,
    error       TEXT,
    parent_id   TEXT,
    version     BIGINT  NOT NULL,
    owner       TEXT,
    lease_until BIGINT
);

-- Listing, newest first, unfiltered and by the common filters.
CREATE INDEX executions_newest          ON executions (created_at DESC, id DESC);
CREATE INDEX executions_workflow_newest ON executions (workflow_id, created_at DESC, id DESC);
CREATE INDEX executions_status_newest   ON executions (status, created_at DESC, id DESC);
CREATE INDEX executions_trigger_newest  ON executions (trig, created_at DESC, id DESC);
-- Claiming work and renewing/releasing a node's leases.
CREATE INDEX executions_claim ON executions (status, lease_until);
CREATE INDEX executions_owner ON executions (owner) WHERE owner IS NOT NULL;
-- The timer: the earliest due waiting execution.
CREATE INDEX executions_wake ON executions (wake_at) WHERE status = 'waiting';
CREATE INDEX executions_parent ON executions (parent_id) WHERE parent_id IS NOT NULL;

CREATE TABLE steps (
    execution_id TEXT    NOT NULL,
    step_id      TEXT    NOT NULL,
    ord          INTEGER NOT NULL,
    name         TEXT,
    status       TEXT    NOT NULL,
    attempt      INTEGER NOT NULL,
    started_at   BIGINT,
    ended_at     BIGINT,
    outputs      TEXT,
    error        TEXT,
    wake_at      BIGINT,
    state        TEXT,
    PRIMARY KEY (execution_id, step_id),
    FOREIGN KEY (execution_id) REFERENCES executions (id) ON DELETE CASCADE
);
