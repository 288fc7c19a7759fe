package io.flowgate.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Json;
import io.flowgate.store.ApiKeyStore;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * API keys by hash. Teams are a JSON array in a TEXT column. {@link #list} includes revoked keys
 * (oldest first) and {@link #count} counts them too: a key ever issued means this is not a first start.
 */
public final class JdbcApiKeyStore implements ApiKeyStore {
    private static final String SELECT = "SELECT id, name, prefix, hash, role, teams, created_at, revoked_at "
            + "FROM api_keys ";

    private final JdbcHelper reads;
    private final GroupCommitter writes;

    public JdbcApiKeyStore(Database db) {
        this.reads = db.reads();
        this.writes = db.writes();
    }

    @Override
    public void insert(StoredKey k) {
        JsonNode teams = Json.valueToTree(k.teams());
        writes.writeShared(tx -> tx.execute("""
                INSERT INTO api_keys (id, name, prefix, hash, role, teams, created_at, revoked_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                k.id(), k.name(), k.prefix(), k.hash(), k.role(), teams, k.createdAt(), k.revokedAt()));
    }

    @Override
    public Optional<StoredKey> findByHash(byte[] hash) {
        return reads.queryOne(SELECT + "WHERE hash = ? AND revoked_at IS NULL", JdbcApiKeyStore::key, (Object) hash);
    }

    @Override
    public List<StoredKey> list() {
        return reads.query(SELECT + "ORDER BY created_at, id", JdbcApiKeyStore::key);
    }

    @Override
    public boolean revoke(String id, Instant at) {
        return writes.writeShared(tx -> tx.execute(
                "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", at, id) == 1);
    }

    @Override
    public long count() {
        return reads.queryOne("SELECT COUNT(*) AS n FROM api_keys", row -> row.longValue("n")).orElse(0L);
    }

    private static StoredKey key(Row r) throws SQLException {
        List<String> teams = new ArrayList<>();
        r.json("teams").forEach(t -> teams.add(t.asText()));
        return new StoredKey(r.string("id"), r.string("name"), r.string("prefix"), r.bytes("hash"), r.string("role"),
                teams, r.instant("created_at"), r.instant("revoked_at"));
    }
}
