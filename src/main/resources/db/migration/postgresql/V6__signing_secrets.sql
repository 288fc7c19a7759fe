-- Per-workflow secrets that sign outbound webhooks (ciphertext only).
-- PostgreSQL override of common/V6__signing_secrets.sql: BYTEA where the common file says BLOB.

CREATE TABLE signing_secrets (
    id          TEXT   NOT NULL PRIMARY KEY,
    team        TEXT   NOT NULL,
    workflow_id TEXT   NOT NULL,
    ciphertext  BYTEA  NOT NULL,
    created_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);
CREATE INDEX signing_secrets_workflow ON signing_secrets (team, workflow_id);
