-- Secrets (ciphertext only) and API keys (SHA-256 hashes only).
-- PostgreSQL override of common/V2__credentials.sql: BYTEA where the common file says BLOB.

CREATE TABLE secrets (
    name       TEXT   NOT NULL PRIMARY KEY,
    ciphertext BYTEA  NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE api_keys (
    id         TEXT   NOT NULL PRIMARY KEY,
    name       TEXT   NOT NULL,
    prefix     TEXT   NOT NULL,
    hash       BYTEA  NOT NULL UNIQUE,
    role       TEXT   NOT NULL,
    teams      TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
