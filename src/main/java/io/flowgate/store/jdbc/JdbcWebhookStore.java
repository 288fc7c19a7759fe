package io.flowgate.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Page;
import io.flowgate.engine.SideWrite;
import io.flowgate.store.RetentionStore;
import io.flowgate.store.Signal;
import io.flowgate.store.WebhookStore;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Webhook tokens, secrets, idempotency records and the request log. Hashes are stored as hex and
 * ciphertexts as base64 TEXT, so one migration serves both dialects.
 */
public final class JdbcWebhookStore implements WebhookStore {
    private static final HexFormat HEX = HexFormat.of();
    private static final String TOKEN_COLUMNS = "id, team, workflow_id, prefix, hash, created_at, revoked_at";
    private static final String REQUEST_COLUMNS =
            "id, team, workflow_id, received_at, method, path, headers, body, status, execution_id";
    /** Inserts a claim, or takes over an expired one; zero rows changed means a live record holds the key. */
    private static final String CLAIM = """
            INSERT INTO webhook_idempotency (team, workflow_id, idem_key, execution_id, status, reply, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (team, workflow_id, idem_key) DO UPDATE SET execution_id = excluded.execution_id,
                status = excluded.status, reply = excluded.reply, expires_at = excluded.expires_at
            WHERE webhook_idempotency.expires_at <= ?""";
    private static final String INSERT_REQUEST = "INSERT INTO webhook_requests (" + REQUEST_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final JdbcHelper reads;
    private final GroupCommitter writes;
    private final Dialect dialect;

    public JdbcWebhookStore(Database db) {
        this.reads = db.reads();
        this.writes = db.writes();
        this.dialect = db.dialect();
    }

    @Override
    public void insertToken(TokenRow t) {
        writes.write(tx -> tx.execute("INSERT INTO webhook_tokens (" + TOKEN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                t.id(), t.team(), t.workflowId(), t.prefix(), HEX.formatHex(t.hash()), t.createdAt(), t.revokedAt()));
    }

    @Override
    public Optional<TokenRow> findToken(byte[] hash) {
        return reads.queryOne("SELECT " + TOKEN_COLUMNS + " FROM webhook_tokens WHERE hash = ? AND revoked_at IS NULL",
                JdbcWebhookStore::token, HEX.formatHex(hash));
    }

    @Override
    public List<TokenRow> tokens(String team, String workflowId) {
        return reads.query("SELECT " + TOKEN_COLUMNS + " FROM webhook_tokens WHERE team = ? AND workflow_id = ?"
                + " ORDER BY created_at, id", JdbcWebhookStore::token, team, workflowId);
    }

    @Override
    public boolean revokeToken(String team, String workflowId, String tokenId, Instant at) {
        return writes.writeShared(tx -> tx.execute("UPDATE webhook_tokens SET revoked_at = ? WHERE id = ? AND team = ?"
                + " AND workflow_id = ? AND revoked_at IS NULL", at, tokenId, team, workflowId) == 1);
    }

    @Override
    public void insertSecret(SecretRow s) {
        writes.write(tx -> tx.execute("INSERT INTO webhook_secrets (id, team, workflow_id, ciphertext, created_at,"
                        + " revoked_at) VALUES (?, ?, ?, ?, ?, ?)", s.id(), s.team(), s.workflowId(),
                Base64.getEncoder().encodeToString(s.ciphertext()), s.createdAt(), s.revokedAt()));
    }

    @Override
    public List<SecretRow> secrets(String team, String workflowId) {
        return reads.query("SELECT id, team, workflow_id, ciphertext, created_at, revoked_at FROM webhook_secrets"
                        + " WHERE team = ? AND workflow_id = ? AND revoked_at IS NULL ORDER BY created_at DESC, id DESC",
                r -> new SecretRow(r.string("id"), r.string("team"), r.string("workflow_id"),
                        Base64.getDecoder().decode(r.string("ciphertext")), r.instant("created_at"),
                        r.instant("revoked_at")), team, workflowId);
    }

    @Override
    public boolean revokeSecret(String team, String workflowId, String secretId, Instant at) {
        return writes.writeShared(tx -> tx.execute("UPDATE webhook_secrets SET revoked_at = ? WHERE id = ? AND team = ?"
                + " AND workflow_id = ? AND revoked_at IS NULL", at, secretId, team, workflowId) == 1);
    }

    @Override
    public Optional<IdempotentReply> idempotent(String team, String workflowId, String key, Instant now) {
        return reads.queryOne("SELECT execution_id, status, reply, expires_at FROM webhook_idempotency"
                        + " WHERE team = ? AND workflow_id = ? AND idem_key = ? AND expires_at > ?",
                r -> new IdempotentReply(r.string("execution_id"), r.integer("status"), r.json("reply"),
                        r.instant("expires_at")), team, workflowId, key, now);
    }

    @Override
    public void updateReply(String team, String workflowId, String key, int status, JsonNode body) {
        writes.write(LockOrder.idempotency(team, workflowId, key), tx -> tx.execute(
                "UPDATE webhook_idempotency SET status = ?, reply = ? WHERE team = ?"
                + " AND workflow_id = ? AND idem_key = ?", status, body, team, workflowId, key));
    }

    @Override
    public List<SideWrite> acceptedWrites(String team, String workflowId, IdempotencyClaim claim,
                                                         Instant now, RequestEntry entry) {
        List<SideWrite> out = new ArrayList<>(2);
        if (claim != null) {
            // The claim goes first: if it declines, nothing of the unit has been written yet.
            out.add(new JdbcSideWrite() {
                @Override
                public boolean write(Tx tx, io.flowgate.engine.Execution e) {
                    return tx.execute(CLAIM, team, workflowId, claim.key(), e.id(), claim.status(), claim.body(),
                            claim.expiresAt(), now) == 1;
                }

                /** Another node may be claiming the same key: its insert waits for ours, or ours for its. */
                @Override
                public String lockKey() {
                    return LockOrder.idempotency(team, workflowId, claim.key());
                }
            });
        }
        out.add((JdbcSideWrite) (tx, e) -> {
            tx.execute(INSERT_REQUEST, requestParams(entry, e.id()));
            return true;
        });
        return out;
    }

    @Override
    public void updateRequestStatus(String requestId, int status) {
        writes.write(LockOrder.request(requestId),
                tx -> tx.execute("UPDATE webhook_requests SET status = ? WHERE id = ?", status, requestId));
    }

    @Override
    public void log(RequestEntry entry) {
        writes.write(tx -> tx.execute(INSERT_REQUEST, requestParams(entry, entry.executionId())));
    }

    @Override
    public Page<RequestEntry> requests(String team, String workflowId, String cursor, int limit) {
        List<Object> params = new ArrayList<>(List.of(team, workflowId));
        String after = "";
        if (cursor != null && !cursor.isEmpty()) {
            // Keyset on the index (team, workflow_id, received_at DESC, id DESC): stable while requests arrive.
            ListCursor c = ListCursor.decode(cursor);
            after = " AND (received_at < ? OR (received_at = ? AND id < ?))";
            params.addAll(List.of(c.createdAt(), c.createdAt(), c.id()));
        }
        params.add(limit + 1);
        List<RequestEntry> rows = reads.query("SELECT " + REQUEST_COLUMNS
                + " FROM webhook_requests WHERE team = ? AND workflow_id = ?" + after
                + " ORDER BY received_at DESC, id DESC LIMIT ?", JdbcWebhookStore::request, params.toArray());
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<RequestEntry> page = rows.subList(0, limit);
        RequestEntry last = page.getLast();
        return new Page<>(page, new ListCursor(last.receivedAt().toEpochMilli(), last.id()).encode());
    }

    // Housekeeping in bounded writes. The whole cap used to be one statement ranking every entry of the log: at
    // ~3,700 webhooks/s that unit deleted some 220,000 rows once a minute and held the one SQLite writer for over
    // a second (docs/reliability.md#soak). Never waits (the lock rule of GroupCommitter): rows another
    // transaction holds right now are skipped and go at the next pass.

    @Override
    public int pruneExpiredKeys(Instant now, int limit) {
        return writes.write(tx -> tx.execute("DELETE FROM webhook_idempotency WHERE (team, workflow_id, idem_key) IN "
                + "(SELECT team, workflow_id, idem_key FROM webhook_idempotency WHERE expires_at <= ? "
                + "ORDER BY expires_at LIMIT ?" + dialect.skipLocked() + ")", now, limit));
    }

    @Override
    public List<RetentionStore.WorkflowKey> loggedWorkflows() {
        return reads.query("SELECT DISTINCT team, workflow_id FROM webhook_requests",
                r -> new RetentionStore.WorkflowKey(r.string("team"), r.string("workflow_id")));
    }

    @Override
    public int capRequests(RetentionStore.WorkflowKey workflow, int keep, int limit) {
        // The newest entry past the cap, found on the workflow's index by reading keep + 1 entries.
        Optional<Object[]> first = reads.queryOne("SELECT received_at, id FROM webhook_requests WHERE team = ? "
                + "AND workflow_id = ? ORDER BY received_at DESC, id DESC LIMIT 1 OFFSET ?",
                r -> new Object[] {r.instant("received_at"), r.string("id")}, workflow.team(), workflow.workflowId(), keep);
        if (first.isEmpty()) {
            return 0;
        }
        Instant at = (Instant) first.get()[0];
        String id = (String) first.get()[1];
        return writes.write(tx -> tx.execute("DELETE FROM webhook_requests WHERE id IN (SELECT id FROM "
                + "webhook_requests WHERE team = ? AND workflow_id = ? AND (received_at < ? OR (received_at = ? "
                + "AND id <= ?)) ORDER BY received_at, id LIMIT ?" + dialect.skipLocked() + ")",
                workflow.team(), workflow.workflowId(), at, at, id, limit));
    }

    private static Object[] requestParams(RequestEntry r, String executionId) {
        return new Object[] {r.id(), r.team(), r.workflowId(), r.receivedAt(), r.method(), r.path(), r.headers(),
                r.body(), r.status(), executionId};
    }

    private static TokenRow token(Row r) throws SQLException {
        return new TokenRow(r.string("id"), r.string("team"), r.string("workflow_id"), r.string("prefix"),
                HEX.parseHex(r.string("hash")), r.instant("created_at"), r.instant("revoked_at"));
    }

    private static RequestEntry request(Row r) throws SQLException {
        return new RequestEntry(r.string("id"), r.string("team"), r.string("workflow_id"), r.instant("received_at"),
                r.string("method"), r.string("path"), r.json("headers"), r.string("body"), r.integer("status"),
                r.string("execution_id"));
    }

    // ---- capture sessions ----

    @Override
    public void openCapture(String workflowKey, String sessionId, Instant expiresAt) {
        // Each capture unit waits for at most its one session row (another node may be taking or replacing it).
        writes.write(LockOrder.capture(workflowKey), tx -> {
            tx.execute("INSERT INTO capture_sessions (workflow_key, session_id, expires_at, trigger_data) "
                    + "VALUES (?, ?, ?, NULL) ON CONFLICT (workflow_key) DO UPDATE SET session_id = excluded.session_id, "
                    + "expires_at = excluded.expires_at, trigger_data = NULL", workflowKey, sessionId, expiresAt);
            tx.signal(Signal.of(Signal.Kind.CAPTURE, "+" + expiresAt.toEpochMilli() + " " + workflowKey));
            return null;
        });
    }

    @Override
    public void closeCapture(String workflowKey, String sessionId) {
        writes.write(LockOrder.capture(workflowKey), tx -> {
            if (tx.execute("DELETE FROM capture_sessions WHERE workflow_key = ? AND session_id = ?",
                    workflowKey, sessionId) == 1) {
                tx.signal(Signal.of(Signal.Kind.CAPTURE, "-" + workflowKey));
            }
            return null;
        });
    }

    @Override
    public Optional<String> takeCapture(String workflowKey, JsonNode trigger, Instant now) {
        return writes.write(LockOrder.capture(workflowKey), tx -> {
            Optional<String> session = tx.queryOne("UPDATE capture_sessions SET trigger_data = ? WHERE workflow_key = ? "
                    + "AND trigger_data IS NULL AND expires_at > ? RETURNING session_id", r -> r.string("session_id"),
                    trigger, workflowKey, now);
            session.ifPresent(id -> tx.signal(Signal.of(Signal.Kind.CAPTURED, id)));
            return session;
        });
    }

    @Override
    public Optional<JsonNode> captured(String sessionId) {
        return reads.queryOne("SELECT trigger_data FROM capture_sessions WHERE session_id = ? "
                + "AND trigger_data IS NOT NULL", r -> r.json("trigger_data"), sessionId);
    }

    @Override
    public java.util.Map<String, Instant> openCaptures(Instant now) {
        java.util.Map<String, Instant> open = new java.util.HashMap<>();
        reads.query("SELECT workflow_key, expires_at FROM capture_sessions WHERE expires_at > ?",
                r -> open.put(r.string("workflow_key"), r.instant("expires_at")), now);
        return open;
    }
}
