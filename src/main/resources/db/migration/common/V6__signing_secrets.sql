-- Per-workflow secrets that sign outbound webhooks (ciphertext only).
-- PostgreSQL has no BLOB: db/migration/postgresql/V6__signing_secrets.sql replaces this file with BYTEA.

CREATE TABLE signing_secrets (
    id          TEXT   NOT NULL PRIMARY KEY,
    team        TEXT   NOT NULL,
    workflow_id TEXT   NOT NULL,
    ciphertext  BLOB   NOT NULL,
    created_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);
CREATE INDEX signing_secrets_workflow ON signing_secrets (team, workflow_id);
