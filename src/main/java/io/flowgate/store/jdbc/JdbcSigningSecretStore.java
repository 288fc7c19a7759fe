package io.flowgate.store.jdbc;

import io.flowgate.store.SigningSecretStore;
import java.time.Instant;
import java.util.List;

/** Ciphertext of the per-workflow secrets that sign outbound webhooks. */
public final class JdbcSigningSecretStore implements SigningSecretStore {
    private final JdbcHelper reads;
    private final GroupCommitter writes;

    public JdbcSigningSecretStore(Database db) {
        this.reads = db.reads();
        this.writes = db.writes();
    }

    @Override
    public void insert(StoredSecret s) {
        writes.writeShared(tx -> tx.execute("INSERT INTO signing_secrets (id, team, workflow_id, ciphertext, created_at) "
                + "VALUES (?, ?, ?, ?, ?)", s.id(), s.team(), s.workflowId(), s.ciphertext(), s.createdAt()));
    }

    @Override
    public List<StoredSecret> live(String team, String workflowId) {
        return reads.query("SELECT id, team, workflow_id, ciphertext, created_at FROM signing_secrets "
                        + "WHERE team = ? AND workflow_id = ? AND revoked_at IS NULL ORDER BY created_at, id",
                r -> new StoredSecret(r.string("id"), r.string("team"), r.string("workflow_id"), r.bytes("ciphertext"),
                        r.instant("created_at")), team, workflowId);
    }

    @Override
    public boolean revoke(String team, String workflowId, String id, Instant at) {
        return writes.writeShared(tx -> tx.execute("UPDATE signing_secrets SET revoked_at = ? WHERE id = ? AND team = ? "
                + "AND workflow_id = ? AND revoked_at IS NULL", at, id, team, workflowId) == 1);
    }
}
