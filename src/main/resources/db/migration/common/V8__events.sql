-- Custom events (CloudEvents) and the steps that wait for something: wait-for-event and approval.

-- Every accepted event, durable before its 202. (source, event_id) is the CloudEvents identity: a repeat is
-- acknowledged and dropped by the unique index. seq is a Flowgate key in arrival order (time-ordered ids).
-- team/workflow_id: set when the event came in with a workflow's token; it then only reaches that workflow.
-- processed_at is the outbox flag: null until triggers have started and waits have been resumed.
CREATE TABLE events (
    seq          TEXT   NOT NULL PRIMARY KEY,
    source       TEXT   NOT NULL,
    event_id     TEXT   NOT NULL,
    type         TEXT   NOT NULL,
    subject      TEXT,
    document     TEXT   NOT NULL,
    received_at  BIGINT NOT NULL,
    team         TEXT,
    workflow_id  TEXT,
    processed_at BIGINT,
    claimed_by   TEXT,
    claim_until  BIGINT
);
CREATE UNIQUE INDEX events_identity ON events (source, event_id);
CREATE INDEX events_pending ON events (seq) WHERE processed_at IS NULL;
CREATE INDEX events_type ON events (type, received_at);

-- The runs each event started or resumed (GET /api/v1/events shows them).
CREATE TABLE event_runs (
    seq          TEXT NOT NULL,
    execution_id TEXT NOT NULL,
    kind         TEXT NOT NULL,
    PRIMARY KEY (seq, execution_id)
);

-- A step waiting for an event or a decision. Resolved once: the first event matching the correlation (or
-- the decision, or the timeout) sets resolved_at/resolution, guarded by resolved_at IS NULL, so a run
-- resumes once however many events match. key_path/key_value: a correlation of the form
-- event.<path> = <expression of the run> is evaluated when the step starts waiting, so an event finds its
-- waiting runs by index instead of evaluating every correlation. woken: the execution was told.
-- attempt: which start of the step registered the wait; the same attempt registering again (resumed after a
-- crash) keeps what resolved it, a new one (retry from the step) starts afresh.
CREATE TABLE step_waits (
    execution_id TEXT    NOT NULL,
    step_id      TEXT    NOT NULL,
    team         TEXT    NOT NULL,
    workflow_id  TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    attempt      TEXT    NOT NULL,
    event_type   TEXT,
    event_source TEXT,
    correlation  TEXT,
    context      TEXT,
    key_path     TEXT,
    key_value    TEXT,
    approvers    TEXT,
    created_at   BIGINT  NOT NULL,
    resolved_at  BIGINT,
    resolution   TEXT,
    woken        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (execution_id, step_id)
);
CREATE INDEX step_waits_event ON step_waits (event_type, key_path, key_value) WHERE resolved_at IS NULL;
CREATE INDEX step_waits_approvals ON step_waits (created_at) WHERE kind = 'approval' AND resolved_at IS NULL;
CREATE INDEX step_waits_unwoken ON step_waits (resolved_at) WHERE resolved_at IS NOT NULL AND woken = 0;
