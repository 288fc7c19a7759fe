-- Inbound webhooks: tokens (SHA-256 hex hashes), HMAC secrets (AES-GCM ciphertext, base64 text so
-- one file serves SQLite and PostgreSQL), idempotency records and the request log.

CREATE TABLE webhook_tokens (
    id          TEXT   NOT NULL PRIMARY KEY,
    team        TEXT   NOT NULL,
    workflow_id TEXT   NOT NULL,
    prefix      TEXT   NOT NULL,
    hash        TEXT   NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);
CREATE INDEX webhook_tokens_workflow ON webhook_tokens (team, workflow_id);

CREATE TABLE webhook_secrets (
    id          TEXT   NOT NULL PRIMARY KEY,
    team        TEXT   NOT NULL,
    workflow_id TEXT   NOT NULL,
    ciphertext  TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);
CREATE INDEX webhook_secrets_workflow ON webhook_secrets (team, workflow_id);

-- The primary key is what makes concurrent duplicates safe: only one insert of a key can win.
CREATE TABLE webhook_idempotency (
    team         TEXT    NOT NULL,
    workflow_id  TEXT    NOT NULL,
    idem_key     TEXT    NOT NULL,
    execution_id TEXT,
    status       INTEGER NOT NULL,
    reply        TEXT,
    expires_at   BIGINT  NOT NULL,
    PRIMARY KEY (team, workflow_id, idem_key)
);
CREATE INDEX webhook_idempotency_expiry ON webhook_idempotency (expires_at);

CREATE TABLE webhook_requests (
    id           TEXT    NOT NULL PRIMARY KEY,
    team         TEXT    NOT NULL,
    workflow_id  TEXT    NOT NULL,
    received_at  BIGINT  NOT NULL,
    method       TEXT    NOT NULL,
    path         TEXT    NOT NULL,
    headers      TEXT,
    body         TEXT,
    status       INTEGER NOT NULL,
    execution_id TEXT
);
CREATE INDEX webhook_requests_workflow ON webhook_requests (team, workflow_id, received_at DESC, id DESC);
CREATE INDEX webhook_requests_received ON webhook_requests (received_at);
