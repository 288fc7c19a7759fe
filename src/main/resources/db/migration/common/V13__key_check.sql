-- Which master key this database's secrets are encrypted under: a fingerprint (HMAC-SHA256 of a fixed text
-- under the key), recorded by the first node that starts. A node with another key refuses to start instead of
-- writing secrets, credentials and signing secrets that the other nodes cannot read (and failing to read theirs).
CREATE TABLE key_check (
    id          INTEGER NOT NULL PRIMARY KEY,
    fingerprint TEXT    NOT NULL
);
