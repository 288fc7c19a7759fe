package io.flowgate.store.jdbc;

import io.flowgate.core.LeaseLoss;
import io.flowgate.core.LeaseOwner;
import io.flowgate.engine.ExecutionStatus;
import io.flowgate.store.NodeStore;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code nodes} table, and the lease questions that read across executions, deliveries and events. */
public final class JdbcNodeStore implements NodeStore {
    private static final String COLUMNS = "id, epoch, address, version, lease_ms, started_at, last_heartbeat, "
            + "stopped_at";
    private static final String JOIN = "INSERT INTO nodes (" + COLUMNS + ") VALUES (?, 1, ?, ?, ?, ?, ?, NULL) "
            + "ON CONFLICT (id) DO UPDATE SET epoch = nodes.epoch + 1, address = excluded.address, "
            + "version = excluded.version, lease_ms = excluded.lease_ms, started_at = excluded.started_at, "
            + "last_heartbeat = excluded.last_heartbeat, stopped_at = NULL RETURNING epoch";
    /**
     * Rows of {@code column} held by an earlier life of a node id: the bare id (written before epochs existed)
     * or any token with the id's prefix but another epoch. Parameters: id, prefix length, prefix, current token.
     */
    private static final String EARLIER = " IS NOT NULL AND (%1$s = ? OR (substr(%1$s, 1, ?) = ? AND %1$s <> ?))";
    private static final String TIMER = "status = " + StatusSql.literal(ExecutionStatus.WAITING)
            + " AND started_at IS NULL";

    private final JdbcHelper reads;
    private final GroupCommitter writes;
    private final Dialect dialect;

    public JdbcNodeStore(Database db) {
        this.reads = db.reads();
        this.writes = db.writes();
        this.dialect = db.dialect();
    }

    @Override
    public Joined join(String nodeId, String address, String version, Duration lease, Instant now) {
        return writes.write(tx -> {
            Optional<NodeRow> previous = tx.queryOne("SELECT " + COLUMNS + " FROM nodes WHERE id = ?"
                    + dialect.lockRow(), JdbcNodeStore::row, nodeId);
            long epoch = tx.queryOne(JOIN, r -> r.longValue("epoch"), nodeId, address, version, lease.toMillis(),
                    now, now).orElseThrow();
            return new Joined(new LeaseOwner(nodeId, epoch), previous);
        });
    }

    @Override
    public Released releaseEarlierLives(LeaseOwner current) {
        String prefix = LeaseOwner.prefixOf(current.nodeId());
        Object[] params = {current.nodeId(), prefix.length(), prefix, current.toString()};
        // Never waits (the lock rule of GroupCommitter): a row locked right now stays leased until its lease ends.
        String skip = dialect.skipLocked();
        return writes.write(tx -> new Released(
                tx.execute("UPDATE executions SET owner = NULL, lease_until = NULL WHERE id IN (SELECT id FROM "
                        + "executions WHERE owner" + EARLIER.formatted("owner") + skip + ")", params),
                tx.execute("UPDATE deliveries SET owner = NULL, lease_until = NULL WHERE id IN (SELECT id FROM "
                        + "deliveries WHERE owner" + EARLIER.formatted("owner") + skip + ")", params),
                tx.execute("UPDATE events SET claimed_by = NULL, claim_until = NULL WHERE seq IN (SELECT seq FROM "
                        + "events WHERE processed_at IS NULL AND claimed_by" + EARLIER.formatted("claimed_by") + skip
                        + ")", params)));
    }

    @Override
    public boolean beat(LeaseOwner owner, Instant now) {
        return writes.write(tx -> tx.execute("UPDATE nodes SET last_heartbeat = ? WHERE id = ? AND epoch = ?", now,
                owner.nodeId(), owner.epoch()) == 1);
    }

    @Override
    public void announce(LeaseOwner owner, String address) {
        writes.write(tx -> tx.execute("UPDATE nodes SET address = ? WHERE id = ? AND epoch = ?", address,
                owner.nodeId(), owner.epoch()));
    }

    @Override
    public void stopped(LeaseOwner owner, Instant now) {
        writes.write(tx -> tx.execute("UPDATE nodes SET stopped_at = ? WHERE id = ? AND epoch = ?", now,
                owner.nodeId(), owner.epoch()));
    }

    @Override
    public List<NodeRow> list() {
        return reads.query("SELECT " + COLUMNS + " FROM nodes ORDER BY id", JdbcNodeStore::row);
    }

    @Override
    public Map<String, Held> held() {
        return reads.withConnection(tx -> {
            Map<String, long[]> counts = new HashMap<>();
            tx.query("SELECT owner, CASE WHEN " + TIMER + " THEN 1 ELSE 0 END AS timer, COUNT(*) AS n "
                    + "FROM executions WHERE owner IS NOT NULL GROUP BY owner, CASE WHEN " + TIMER
                    + " THEN 1 ELSE 0 END", r -> {
                        counts.computeIfAbsent(r.string("owner"), k -> new long[3])[r.integer("timer") == 1 ? 1 : 0]
                                += r.longValue("n");
                        return null;
                    });
            tx.query("SELECT owner, COUNT(*) AS n FROM deliveries WHERE owner IS NOT NULL GROUP BY owner", r -> {
                counts.computeIfAbsent(r.string("owner"), k -> new long[3])[2] += r.longValue("n");
                return null;
            });
            Map<String, Held> held = new HashMap<>();
            counts.forEach((owner, c) -> held.put(owner, new Held(c[0], c[1], c[2])));
            return held;
        });
    }

    @Override
    public Optional<Instant> earliestLeaseEnd(LeaseOwner owner, Instant after) {
        String token = owner.toString();
        return reads.withConnection(tx -> {
            Instant earliest = null;
            for (String sql : List.of(
                    "SELECT MIN(lease_until) AS until FROM executions WHERE owner = ? AND lease_until > ?",
                    "SELECT MIN(lease_until) AS until FROM deliveries WHERE owner = ? AND lease_until > ?",
                    "SELECT MIN(claim_until) AS until FROM events WHERE claimed_by = ? AND claim_until > ? "
                            + "AND processed_at IS NULL")) {
                Instant until = tx.queryOne(sql, r -> r.instant("until"), token, after).orElse(null);
                if (until != null && (earliest == null || until.isBefore(earliest))) {
                    earliest = until;
                }
            }
            return Optional.ofNullable(earliest);
        });
    }

    @Override
    public Optional<String> holder(LeaseLoss.Kind kind, String id) {
        String sql = switch (kind) {
            case EXECUTION, TIMER -> "SELECT owner FROM executions WHERE id = ?";
            case DELIVERY -> "SELECT owner FROM deliveries WHERE id = ?";
            case EVENT -> "SELECT claimed_by AS owner FROM events WHERE seq = ?";
        };
        return reads.queryOne(sql, r -> r.string("owner"), id);
    }

    private static NodeRow row(Row r) throws SQLException {
        return new NodeRow(r.string("id"), r.longValue("epoch"), r.string("address"), r.string("version"),
                Duration.ofMillis(r.longValue("lease_ms")), r.instant("started_at"), r.instant("last_heartbeat"),
                r.instant("stopped_at"));
    }
}
