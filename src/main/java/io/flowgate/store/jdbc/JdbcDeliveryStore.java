package io.flowgate.store.jdbc;

import io.flowgate.store.Delivery;
import io.flowgate.store.DeliveryAttempt;
import io.flowgate.store.DeliveryStatus;
import io.flowgate.store.DeliveryStore;
import io.flowgate.store.NewDelivery;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Outbound webhook deliveries and their attempts. New rows are inserted by
 * {@link JdbcExecutionStore#apply} inside the step transition's unit (see {@link #INSERT}).
 */
public final class JdbcDeliveryStore implements DeliveryStore {
    private static final String PENDING = StatusSql.literal(DeliveryStatus.PENDING);
    private static final io.flowgate.store.Signal DELIVERIES_PENDING =
            io.flowgate.store.Signal.of(io.flowgate.store.Signal.Kind.DELIVERY);
    static final String INSERT = """
            INSERT INTO deliveries (id, team, workflow_id, execution_id, step_id, name, event, url, endpoint, config,
                                    payload, status, attempts, round_attempts, next_attempt_at, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, %s, 0, 0, ?, ?, ?)""".formatted(PENDING);
    private static final String COLUMNS = "id, team, workflow_id, execution_id, step_id, name, event, url, endpoint, "
            + "config, payload, status, attempts, round_attempts, last_status, last_error, next_attempt_at, created_at";
    /** Parameters: now, now. */
    private static final String DUE = "status = " + PENDING
            + " AND next_attempt_at <= ? AND (owner IS NULL OR lease_until < ?)";

    private final JdbcHelper reads;
    private final GroupCommitter writes;
    private final Dialect dialect;

    public JdbcDeliveryStore(Database db) {
        this.reads = db.reads();
        this.writes = db.writes();
        this.dialect = db.dialect();
    }

    /** Parameter rows for {@link #INSERT}, built on the caller's thread (the writer thread is scarce). */
    static List<Object[]> rows(List<NewDelivery> deliveries) {
        if (deliveries.isEmpty()) {
            return List.of();
        }
        List<Object[]> rows = new ArrayList<>(deliveries.size());
        for (NewDelivery d : deliveries) {
            rows.add(new Object[] {d.id(), d.team(), d.workflowId(), d.executionId(), d.stepId(), d.name(), d.event(),
                    d.url(), d.endpoint(), d.config(), d.payload(), d.createdAt(), d.createdAt(), d.createdAt()});
        }
        return rows;
    }

    @Override
    public List<Delivery> claim(String owner, Instant now, Instant leaseUntil, int limit, List<String> busyEndpoints) {
        if (limit <= 0) {
            return List.of();
        }
        List<Object> params = new ArrayList<>(List.of(owner, leaseUntil, now, now));
        StringBuilder pick = new StringBuilder("SELECT id FROM deliveries WHERE ").append(DUE);
        if (!busyEndpoints.isEmpty()) {
            pick.append(" AND endpoint NOT IN (").append(String.join(", ", Collections.nCopies(busyEndpoints.size(), "?")))
                    .append(")");
            params.addAll(busyEndpoints);
        }
        pick.append(" ORDER BY next_attempt_at, created_at, id LIMIT ?").append(dialect.skipLocked());
        params.add(limit);
        String sql = "UPDATE deliveries SET owner = ?, lease_until = ? WHERE id IN (" + pick + ") RETURNING " + COLUMNS;
        Object[] values = params.toArray();
        List<Delivery> claimed = new ArrayList<>(writes.write(tx -> tx.query(sql, JdbcDeliveryStore::delivery, values)));
        claimed.sort(java.util.Comparator.comparing(Delivery::createdAt).thenComparing(Delivery::id));
        return claimed;
    }

    @Override
    public boolean finish(String owner, Result r) {
        DeliveryAttempt a = r.attempt();
        return writes.write(LockOrder.delivery(r.id()), tx -> {
            int n = tx.execute("UPDATE deliveries SET status = ?, attempts = ?, round_attempts = ?, last_status = ?, "
                            + "last_error = ?, next_attempt_at = ?, owner = NULL, lease_until = NULL, updated_at = ? "
                            + "WHERE id = ? AND owner = ?",
                    r.status().wire(), r.attempts(), r.roundAttempts(), r.lastStatus(), r.lastError(),
                    r.nextAttemptAt(), a.at(), r.id(), owner);
            if (n == 0) {
                return false;
            }
            tx.execute("INSERT INTO delivery_attempts (delivery_id, n, at, status_code, latency_ms, response, error) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    r.id(), a.n(), a.at(), a.statusCode(), a.latencyMillis(), a.response(), a.error());
            return true;
        });
    }

    @Override
    public int renewLeases(String owner, Instant leaseUntil) {
        // Never waits (the lock rule of GroupCommitter): a row locked right now is renewed next time.
        return writes.write(tx -> tx.execute("UPDATE deliveries SET lease_until = ? WHERE id IN (SELECT id FROM "
                + "deliveries WHERE owner = ?" + dialect.skipLocked() + ")", leaseUntil, owner));
    }

    @Override
    public int releaseAll(String owner) {
        return writes.write(tx -> {
            int released = tx.execute("UPDATE deliveries SET owner = NULL, lease_until = NULL WHERE id IN ("
                    + "SELECT id FROM deliveries WHERE owner = ?" + dialect.skipLocked() + ")", owner);
            if (released > 0) {
                tx.signal(DELIVERIES_PENDING);
            }
            return released;
        });
    }

    @Override
    public boolean redeliver(String id, Instant now) {
        return writes.write(LockOrder.delivery(id), tx -> {
            boolean queued = tx.execute("UPDATE deliveries SET status = " + PENDING + ", round_attempts = 0, "
                    + "next_attempt_at = ?, owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ?", now, now, id) == 1;
            if (queued) {
                tx.signal(DELIVERIES_PENDING);
            }
            return queued;
        });
    }

    @Override
    public Optional<Delivery> find(String id) {
        return reads.queryOne("SELECT " + COLUMNS + " FROM deliveries WHERE id = ?", JdbcDeliveryStore::delivery, id);
    }

    @Override
    public List<Delivery> list(Query q) {
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        filter(where, params, "team = ?", q.team());
        filter(where, params, "execution_id = ?", q.executionId());
        filter(where, params, "workflow_id = ?", q.workflowId());
        filter(where, params, "status = ?", q.status() == null ? null : q.status().wire());
        int limit = q.limit() <= 0 ? 100 : Math.min(q.limit(), 1000);
        params.add(limit);
        return reads.query("SELECT " + COLUMNS + " FROM deliveries"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY created_at DESC, id DESC LIMIT ?", JdbcDeliveryStore::delivery, params.toArray());
    }

    @Override
    public List<Delivery> forExecution(String executionId) {
        return reads.query("SELECT " + COLUMNS + " FROM deliveries WHERE execution_id = ? ORDER BY created_at, id",
                JdbcDeliveryStore::delivery, executionId);
    }

    @Override
    public List<DeliveryAttempt> attempts(String deliveryId) {
        return reads.query("SELECT n, at, status_code, latency_ms, response, error FROM delivery_attempts "
                + "WHERE delivery_id = ? ORDER BY n", r -> new DeliveryAttempt(r.integer("n"), r.instant("at"),
                nullableInt(r.nullableLong("status_code")), r.longValue("latency_ms"), r.string("response"),
                r.string("error")), deliveryId);
    }

    @Override
    public Optional<Instant> nextDue() {
        return reads.queryOne("SELECT MIN(next_attempt_at) AS next FROM deliveries WHERE status = " + PENDING + " "
                + "AND owner IS NULL", r -> r.instant("next"));
    }

    private static void filter(List<String> where, List<Object> params, String condition, Object value) {
        if (value != null) {
            where.add(condition);
            params.add(value);
        }
    }

    private static Integer nullableInt(Long value) {
        return value == null ? null : value.intValue();
    }

    private static Delivery delivery(Row r) throws SQLException {
        return new Delivery(r.string("id"), r.string("team"), r.string("workflow_id"), r.string("execution_id"),
                r.string("step_id"), r.string("name"), r.string("event"), r.string("url"), r.string("endpoint"),
                r.string("config"), r.string("payload"), DeliveryStatus.fromWire(r.string("status")),
                r.integer("attempts"), r.integer("round_attempts"), nullableInt(r.nullableLong("last_status")),
                r.string("last_error"), r.instant("next_attempt_at"), r.instant("created_at"));
    }
}
