-- Webhook capture sessions (docs/triggers.md): an editor waits on one node for the next request on a
-- workflow's hook, which may land on any node. One open session per workflow; the node that takes the
-- request writes its trigger data here and signals the session's node, which reads it back.
CREATE TABLE capture_sessions (
    workflow_key TEXT PRIMARY KEY,     -- team/workflowId
    session_id   TEXT NOT NULL,
    expires_at   BIGINT NOT NULL,      -- epoch millis; a session past it takes nothing
    trigger_data TEXT                  -- JSON, null until a request is captured
);
