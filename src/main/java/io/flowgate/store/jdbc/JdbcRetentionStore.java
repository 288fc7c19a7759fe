package io.flowgate.store.jdbc;

import io.flowgate.engine.ExecutionStatus;
import io.flowgate.store.DeliveryStatus;
import io.flowgate.store.EventStore;
import io.flowgate.store.RetentionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Retention on SQLite and PostgreSQL. Each prune chooses its candidates on a read connection (no lock held), then
 * deletes them in one keyless unit of the group committer that never waits: the rows are taken again with their
 * condition re-checked and {@code SKIP LOCKED} (PostgreSQL), so a row retried, redelivered or held by another node
 * in the meantime stays, and the unit holds only the rows it deletes, parents before their children (the lock rule
 * of {@link GroupCommitter}). On SQLite the freed pages go to the file's free list and are reused by later writes,
 * so under steady load the file stops growing once the retention window is full (docs/operations.md#retention).
 */
public final class JdbcRetentionStore implements RetentionStore {
    private static final String FINISHED = StatusSql.literals(ExecutionStatus.COMPLETED, ExecutionStatus.FAILURE,
            ExecutionStatus.CANCELLED);
    private static final String FINAL_DELIVERY = StatusSql.literal(DeliveryStatus.DELIVERED) + ", "
            + StatusSql.literal(DeliveryStatus.DEAD);

    private final JdbcHelper reads;
    private final GroupCommitter writes;
    private final Dialect dialect;
    private final EventStore events;

    public JdbcRetentionStore(Database db, EventStore events) {
        this.reads = db.reads();
        this.writes = db.writes();
        this.dialect = db.dialect();
        this.events = events;
    }

    @Override
    public int prune(Kind kind, Instant before, Scope scope, int limit) {
        if (limit <= 0) {
            return 0;
        }
        return switch (kind) {
            case EXECUTIONS -> executions(before, scope, limit);
            case DELIVERIES -> deliveries(before, scope, limit);
            case REQUESTS -> requests(before, scope, limit);
            // Events are pruned by the node's retention only (Kind.perWorkflow); their store owns the SQL.
            case EVENTS -> scope.only() != null ? 0 : events.prune(before, limit);
        };
    }

    /** Finished runs, oldest end first; never one whose parent is still running (it reads the child's outputs). */
    private int executions(Instant before, Scope scope, int limit) {
        List<Object> params = new ArrayList<>(List.of(before));
        String sql = pickExecutions(scope, params);
        params.add(limit);
        List<String> ids = reads.query(sql, r -> r.string("id"), params.toArray());
        if (ids.isEmpty()) {
            return 0;
        }
        return writes.write(tx -> {
            List<Object[]> taken = rows(tx.query(takeExecutions(ids.size()), r -> r.string("id"), ids.toArray()));
            tx.batch("DELETE FROM step_waits WHERE execution_id = ?", taken);
            tx.batch("DELETE FROM steps WHERE execution_id = ?", taken);
            tx.batch("DELETE FROM executions WHERE id = ?", taken);
            return taken.size();
        });
    }

    /** Delivered or dead-lettered deliveries, with their attempts, once their execution has finished (or is gone). */
    private int deliveries(Instant before, Scope scope, int limit) {
        List<Object> params = new ArrayList<>(List.of(before));
        String sql = pickDeliveries(scope, params);
        params.add(limit);
        List<String> ids = reads.query(sql, r -> r.string("id"), params.toArray());
        if (ids.isEmpty()) {
            return 0;
        }
        return writes.write(tx -> {
            List<Object[]> taken = rows(tx.query(takeDeliveries(ids.size()), r -> r.string("id"), ids.toArray()));
            tx.batch("DELETE FROM delivery_attempts WHERE delivery_id = ?", taken);
            tx.batch("DELETE FROM deliveries WHERE id = ?", taken);
            return taken.size();
        });
    }

    /**
     * The pick of {@link #executions}: its oldest candidates by the end-time index, so each batch reads about as
     * many rows as it returns however large the table (the statement takes the bound, the scope's values, then the
     * limit).
     */
    String pickExecutions(Scope scope, List<Object> params) {
        return "SELECT id FROM executions e" + dialect.indexedBy("executions_ended")
                + " WHERE status IN (" + FINISHED + ") AND ended_at < ?" + scope(scope, "e.", params)
                + " AND (parent_id IS NULL OR NOT EXISTS (SELECT 1 FROM executions p WHERE p.id = e.parent_id"
                + " AND p.status NOT IN (" + FINISHED + "))) ORDER BY ended_at LIMIT ?";
    }

    /** The pick of {@link #deliveries}, by the last-change index, as {@link #pickExecutions}. */
    String pickDeliveries(Scope scope, List<Object> params) {
        return "SELECT id FROM deliveries d" + dialect.indexedBy("deliveries_updated")
                + " WHERE status IN (" + FINAL_DELIVERY + ") AND updated_at < ?" + scope(scope, "d.", params)
                + " AND NOT EXISTS (SELECT 1 FROM executions e WHERE e.id = d.execution_id AND e.status NOT IN ("
                + FINISHED + ")) ORDER BY updated_at LIMIT ?";
    }

    /** The rows a batch deletes, taken again by primary key with the pick's condition re-checked. */
    String takeExecutions(int n) {
        return "SELECT id FROM executions WHERE id IN (" + marks(n) + ") AND " + dialect.unindexed("status")
                + " IN (" + FINISHED + ")" + dialect.skipLocked();
    }

    /** As {@link #takeExecutions}. */
    String takeDeliveries(int n) {
        return "SELECT id FROM deliveries WHERE id IN (" + marks(n) + ") AND " + dialect.unindexed("status")
                + " IN (" + FINAL_DELIVERY + ")" + dialect.skipLocked();
    }

    /** Request-log entries by age (the per-workflow count cap is the webhook intake's own housekeeping). */
    private int requests(Instant before, Scope scope, int limit) {
        List<Object> params = new ArrayList<>(List.of(before));
        String pick = "SELECT id FROM webhook_requests r WHERE received_at < ?" + scope(scope, "r.", params)
                + " ORDER BY received_at LIMIT ?";
        params.add(limit);
        List<String> ids = reads.query(pick, r -> r.string("id"), params.toArray());
        if (ids.isEmpty()) {
            return 0;
        }
        return writes.write(tx -> tx.execute("DELETE FROM webhook_requests WHERE id IN (SELECT id FROM "
                + "webhook_requests WHERE id IN (" + marks(ids.size()) + ")" + dialect.skipLocked() + ")",
                ids.toArray()));
    }

    /** The scope as SQL over a table with {@code team} and {@code workflow_id} columns, its values added to params. */
    private static String scope(Scope scope, String alias, List<Object> params) {
        StringBuilder sql = new StringBuilder();
        if (scope.only() != null) {
            sql.append(" AND ").append(alias).append("team = ? AND ").append(alias).append("workflow_id = ?");
            params.add(scope.only().team());
            params.add(scope.only().workflowId());
        }
        for (WorkflowKey k : scope.except()) {
            sql.append(" AND NOT (").append(alias).append("team = ? AND ").append(alias).append("workflow_id = ?)");
            params.add(k.team());
            params.add(k.workflowId());
        }
        return sql.toString();
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private static List<Object[]> rows(List<String> ids) {
        return ids.stream().map(id -> new Object[] {id}).toList();
    }
}
