-- Secrets (ciphertext only) and API keys (SHA-256 hashes only).
-- PostgreSQL has no BLOB: db/migration/postgresql/V2__credentials.sql replaces this file with BYTEA.

CREATE TABLE secrets (
    name       TEXT   NOT NULL PRIMARY KEY,
    ciphertext BLOB   NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE api_keys (
    id         TEXT   NOT NULL PRIMARY KEY,
    name       TEXT   NOT NULL,
    prefix     TEXT   NOT NULL,
    hash       BLOB   NOT NULL UNIQUE,
    role       TEXT   NOT NULL,
    teams      TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
