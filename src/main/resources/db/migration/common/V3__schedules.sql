-- Schedule triggers, derived from the latest revision of each workflow (one row per entry of
-- triggers.schedule). Exactly-once per slot does not rest on this table: a fired slot's execution
-- id is derived from (schedule id, slot), so the executions primary key refuses a second fire.
-- This table holds the timer (next_fire_at, indexed: the scheduler never scans it), the claim that
-- keeps two nodes from working on one schedule at once, and what the list API shows.
CREATE TABLE schedules (
    id                TEXT    NOT NULL PRIMARY KEY,
    team              TEXT    NOT NULL,
    workflow_id       TEXT    NOT NULL,
    idx               INTEGER NOT NULL,
    spec              TEXT    NOT NULL,
    paused            INTEGER NOT NULL DEFAULT 0,
    next_fire_at      BIGINT,
    last_slot         BIGINT,
    last_fired_at     BIGINT,
    last_execution_id TEXT,
    last_lateness_ms  BIGINT,
    fired             BIGINT  NOT NULL DEFAULT 0,
    missed            BIGINT  NOT NULL DEFAULT 0,
    skipped           BIGINT  NOT NULL DEFAULT 0,
    owner             TEXT,
    claim_until       BIGINT,
    version           BIGINT  NOT NULL DEFAULT 0,
    updated_at        BIGINT  NOT NULL
);

CREATE INDEX schedules_due ON schedules (next_fire_at) WHERE paused = 0 AND next_fire_at IS NOT NULL;
CREATE INDEX schedules_by_workflow ON schedules (team, workflow_id);
