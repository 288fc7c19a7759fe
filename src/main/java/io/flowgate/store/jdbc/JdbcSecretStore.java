package io.flowgate.store.jdbc;

import io.flowgate.store.SecretStore;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Secrets as ciphertext, by name; {@link #list} is ordered by name. */
public final class JdbcSecretStore implements SecretStore {
    private static final String SELECT = "SELECT name, ciphertext, created_at, updated_at FROM secrets ";

    private final JdbcHelper reads;
    private final GroupCommitter writes;
    private final Clock clock;

    public JdbcSecretStore(Database db, Clock clock) {
        this.reads = db.reads();
        this.writes = db.writes();
        this.clock = clock;
    }

    @Override
    public boolean put(String name, byte[] ciphertext) {
        return writes.writeShared(tx -> {
            Instant now = clock.instant();
            // Insert first: on PostgreSQL DO NOTHING also settles two concurrent puts of a new name.
            if (tx.execute("INSERT INTO secrets (name, ciphertext, created_at, updated_at) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (name) DO NOTHING", name, ciphertext, now, now) == 1) {
                return true;
            }
            tx.execute("UPDATE secrets SET ciphertext = ?, updated_at = ? WHERE name = ?", ciphertext, now, name);
            return false;
        });
    }

    @Override
    public String keyFingerprint(String candidate) {
        return writes.writeShared(tx -> {
            tx.execute("INSERT INTO key_check (id, fingerprint) VALUES (1, ?) ON CONFLICT (id) DO NOTHING", candidate);
            return tx.queryOne("SELECT fingerprint FROM key_check WHERE id = 1", r -> r.string("fingerprint"))
                    .orElseThrow();
        });
    }

    @Override
    public Optional<StoredSecret> get(String name) {
        return reads.queryOne(SELECT + "WHERE name = ?", JdbcSecretStore::secret, name);
    }

    @Override
    public List<StoredSecret> list() {
        return reads.query(SELECT + "ORDER BY name", JdbcSecretStore::secret);
    }

    @Override
    public boolean delete(String name) {
        return writes.writeShared(tx -> tx.execute("DELETE FROM secrets WHERE name = ?", name) == 1);
    }

    private static StoredSecret secret(Row r) throws SQLException {
        return new StoredSecret(r.string("name"), r.bytes("ciphertext"), r.instant("created_at"),
                r.instant("updated_at"));
    }
}
