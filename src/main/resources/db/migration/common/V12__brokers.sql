-- Broker connections and the event sources that read from them (docs/events.md#event-sources-on-brokers).
-- The password is AES-GCM ciphertext in base64 text (so one file serves SQLite and PostgreSQL).

CREATE TABLE broker_connections (
    name       TEXT   NOT NULL PRIMARY KEY,
    kind       TEXT   NOT NULL,
    url        TEXT   NOT NULL,
    username   TEXT,
    password   TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE event_sources (
    name       TEXT   NOT NULL PRIMARY KEY,
    connection TEXT   NOT NULL,
    spec       TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE INDEX event_sources_connection ON event_sources (connection);
