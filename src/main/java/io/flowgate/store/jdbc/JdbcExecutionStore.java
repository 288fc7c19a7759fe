package io.flowgate.store.jdbc;

import io.flowgate.core.Page;
import io.flowgate.core.TriggerKind;
import io.flowgate.engine.Execution;
import io.flowgate.engine.ExecutionQuery;
import io.flowgate.engine.ExecutionStatus;
import io.flowgate.engine.SideWrite;
import io.flowgate.engine.StepRun;
import io.flowgate.engine.StepStatus;
import io.flowgate.store.ExecutionStore;
import io.flowgate.store.Signal;
import io.flowgate.store.Transition;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Executions and their step rows. Persists exactly what it is given; the engine decides.
 * Listing filters: {@code from} is inclusive and {@code to} exclusive on {@code createdAt}.
 */
public final class JdbcExecutionStore implements ExecutionStore {
    private static final String COLUMNS = "id, team, workflow_id, revision, trig, status, context, created_at, "
            + "started_at, ended_at, wake_at, error, parent_id, version";
    private static final String WAITING = StatusSql.literal(ExecutionStatus.WAITING);
    private static final String NOT_TERMINAL = "status NOT IN ("
            + StatusSql.literals(ExecutionStatus.COMPLETED, ExecutionStatus.FAILURE, ExecutionStatus.CANCELLED) + ")";
    private static final String NOT_DEFERRED = "NOT (status = " + WAITING + " AND started_at IS NULL)";
    /** Parameters: now (wake_at), now (lease_until). */
    private static final String CLAIMABLE = "(status IN ("
            + StatusSql.literals(ExecutionStatus.NOT_STARTED, ExecutionStatus.IN_PROGRESS) + ") "
            + "OR (status = " + WAITING + " AND wake_at <= ?)) AND (owner IS NULL OR lease_until < ?)";
    /** Parameters: wake_at, id, owner. */
    static final String DEFER_AGAIN = "UPDATE executions SET wake_at = ?, owner = NULL, lease_until = NULL, "
            + "version = version + 1 WHERE id = ? AND owner = ? AND status = " + WAITING + " AND started_at IS NULL";
    static final String INSERT_EXECUTION = "INSERT INTO executions (" + COLUMNS + ", owner, lease_until) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPSERT_STEP = """
            INSERT INTO steps (execution_id, step_id, ord, name, status, attempt, started_at, ended_at, outputs,
                               error, wake_at, state)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (execution_id, step_id) DO UPDATE SET
                ord = excluded.ord, name = excluded.name, status = excluded.status, attempt = excluded.attempt,
                started_at = excluded.started_at, ended_at = excluded.ended_at, outputs = excluded.outputs,
                error = excluded.error, wake_at = excluded.wake_at, state = excluded.state""";

    private final JdbcHelper reads;
    private final GroupCommitter writes;
    private final Dialect dialect;

    public JdbcExecutionStore(Database db) {
        this.reads = db.reads();
        this.writes = db.writes();
        this.dialect = db.dialect();
    }

    @Override
    public void insert(Execution e, List<StepRun> steps, String owner, Instant leaseUntil) {
        insert(e, steps, owner, leaseUntil, List.of());
    }

    @Override
    public java.util.Set<String> insertIfAbsent(List<Execution> executions, String owner, Instant leaseUntil) {
        requireLease(owner, leaseUntil);
        if (executions.isEmpty()) {
            return java.util.Set.of();
        }
        // Derived ids that another node may be inserting too: a shared unit, inserting in ascending id order.
        List<Execution> sorted = new ArrayList<>(executions);
        sorted.sort(java.util.Comparator.comparing(Execution::id));
        // Serialised here, on the caller's thread: the single writer should only run SQL.
        List<Object[]> rows = new ArrayList<>(sorted.size());
        for (Execution e : sorted) {
            rows.add(executionRow(e, owner, leaseUntil));
        }
        return writes.writeShared(tx -> {
            int[] counts = tx.batchCounts(INSERT_EXECUTION + " ON CONFLICT (id) DO NOTHING", rows);
            java.util.Set<String> inserted = new java.util.HashSet<>();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    inserted.add(sorted.get(i).id());
                    tx.signal(changed(sorted.get(i)));
                }
            }
            return inserted;
        });
    }

    @Override
    public boolean insert(Execution e, List<StepRun> steps, String owner, Instant leaseUntil, List<SideWrite> with) {
        requireLease(owner, leaseUntil);
        // Serialise here, on the caller's thread: the single writer thread is the scarce resource.
        Object[] row = executionRow(e, owner, leaseUntil);
        List<Object[]> stepRows = stepRows(e.id(), steps);
        List<JdbcSideWrite> side = with.stream().map(JdbcExecutionStore::jdbc).toList();
        // A fresh execution id waits for nothing; a side write may wait for one row (an idempotency claim).
        String lockKey = side.stream().map(JdbcSideWrite::lockKey).filter(java.util.Objects::nonNull).findFirst()
                .orElse(null);
        if (side.stream().map(JdbcSideWrite::lockKey).filter(java.util.Objects::nonNull).count() > 1) {
            throw new IllegalArgumentException("At most one side write may wait for an existing row");
        }
        return writes.write(lockKey, tx -> {
            for (JdbcSideWrite w : side) {
                if (!w.write(tx, e)) {
                    // Declined before anything else of this unit was written: the unit commits nothing.
                    return false;
                }
            }
            tx.execute(INSERT_EXECUTION, row);
            tx.batch(UPSERT_STEP, stepRows);
            tx.signal(changed(e));
            return true;
        });
    }

    private static JdbcSideWrite jdbc(SideWrite w) {
        if (w instanceof JdbcSideWrite j) {
            return j;
        }
        throw new IllegalArgumentException("Not a JDBC side write: " + w.getClass().getName());
    }

    static Object[] executionRow(Execution e, String owner, Instant leaseUntil) {
        return new Object[] {e.id(), e.team(), e.workflowId(), e.revision(), e.trigger().wire(), e.status().wire(),
                json(e.context()), e.createdAt(), e.startedAt(), e.endedAt(), e.wakeAt(), e.error(), e.parentId(),
                e.version(), owner, leaseUntil};
    }

    /**
     * The common case — a step result while this node keeps its lease — only reads the guard and
     * writes the step rows: the execution row and its indexes stay untouched. Otherwise the row is
     * updated with the guard in its WHERE clause. Outbound webhook rows, if any, go in the same unit
     * (an empty batch costs nothing, so the fast path stays as it was without webhooks).
     */
    @Override
    public boolean apply(Transition t) {
        requireLease(t.newOwner(), t.leaseUntil());
        List<Object[]> steps = stepRows(t.executionId(), t.steps());
        List<Object[]> outbox = JdbcDeliveryStore.rows(t.deliveries());
        Execution e = t.execution();
        boolean keepsLease = e == null && t.expectOwner() != null && t.expectOwner().equals(t.newOwner());
        if (keepsLease) {
            String guard = "SELECT 1 AS ok FROM executions WHERE id = ? AND owner = ? AND " + NOT_TERMINAL
                    + dialect.lockRow();
            return writes.write(LockOrder.execution(t.executionId()), tx -> {
                if (tx.queryOne(guard, row -> true, t.executionId(), t.expectOwner()).isEmpty()) {
                    return false;
                }
                tx.batch(UPSERT_STEP, steps);
                tx.batch(JdbcDeliveryStore.INSERT, outbox);
                signal(tx, t);
                return true;
            });
        }
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("UPDATE executions SET ");
        if (e != null) {
            sql.append("status = ?, context = ?, started_at = ?, ended_at = ?, wake_at = ?, error = ?, ");
            params.addAll(Arrays.asList(e.status().wire(), json(e.context()), e.startedAt(), e.endedAt(),
                    e.wakeAt(), e.error()));
        }
        sql.append("owner = ?, lease_until = ?, version = version + 1 WHERE id = ? AND ").append(NOT_TERMINAL);
        params.addAll(Arrays.asList(t.newOwner(), t.newOwner() == null ? null : t.leaseUntil(), t.executionId()));
        if (t.expectOwner() != null) {
            sql.append(" AND owner = ?");
            params.add(t.expectOwner());
        }
        String update = sql.toString();
        Object[] values = params.toArray();
        // One existing row (the execution, first) and its children; the outbox rows have fresh ids.
        return writes.write(LockOrder.execution(t.executionId()), tx -> {
            if (tx.execute(update, values) == 0) {
                return false;
            }
            tx.batch(UPSERT_STEP, steps);
            tx.batch(JdbcDeliveryStore.INSERT, outbox);
            signal(tx, t);
            return true;
        });
    }

    /** An execution's row (and so maybe its status) changed: other nodes' streams show it. */
    static Signal changed(Execution e) {
        return Signal.of(Signal.Kind.EXECUTION, e.id() + " " + e.status().wire());
    }

    /** Other nodes learn of the change (streams, sync replies, a cancel) and of new outbound deliveries. */
    private static void signal(Tx tx, Transition t) {
        tx.signal(t.execution() == null ? Signal.of(Signal.Kind.EXECUTION, t.executionId()) : changed(t.execution()));
        if (!t.deliveries().isEmpty()) {
            tx.signal(Signal.of(Signal.Kind.DELIVERY));
        }
    }

    @Override
    public Optional<Execution> find(String id) {
        return reads.queryOne("SELECT " + COLUMNS + " FROM executions WHERE id = ?", JdbcExecutionStore::execution, id);
    }

    @Override
    public List<StepRun> steps(String executionId) {
        return reads.query("""
                SELECT execution_id, step_id, ord, name, status, attempt, started_at, ended_at, outputs, error,
                       wake_at, state
                FROM steps WHERE execution_id = ? ORDER BY ord, step_id""", JdbcExecutionStore::step, executionId);
    }

    @Override
    public Page<Execution> list(ExecutionQuery q) {
        int limit = q.limit() <= 0 ? ExecutionQuery.DEFAULT_LIMIT : Math.min(q.limit(), ExecutionQuery.MAX_LIMIT);
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        // A schedule's timer for its next slot is not a run until the slot comes (the schedule lists it).
        where.add(NOT_DEFERRED);
        filter(where, params, "team = ?", q.team());
        filter(where, params, "workflow_id = ?", q.workflowId());
        filter(where, params, "status = ?", q.status() == null ? null : q.status().wire());
        filter(where, params, "trig = ?", q.trigger() == null ? null : q.trigger().wire());
        filter(where, params, "created_at >= ?", q.from());
        filter(where, params, "created_at < ?", q.to());
        if (q.idPrefix() != null && !q.idPrefix().isEmpty()) {
            where.add("id LIKE ? ESCAPE '!'");
            params.add(q.idPrefix().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        if (q.cursor() != null && !q.cursor().isEmpty()) {
            ListCursor after = ListCursor.decode(q.cursor());
            where.add("(created_at < ? OR (created_at = ? AND id < ?))");
            params.addAll(List.of(after.createdAt(), after.createdAt(), after.id()));
        }
        String sql = "SELECT " + COLUMNS + " FROM executions"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY created_at DESC, id DESC LIMIT ?";
        params.add(limit + 1);
        List<Execution> rows = reads.query(sql, JdbcExecutionStore::execution, params.toArray());
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<Execution> page = rows.subList(0, limit);
        Execution last = page.getLast();
        return new Page<>(page, new ListCursor(last.createdAt().toEpochMilli(), last.id()).encode());
    }

    @Override
    public List<Claimed> claim(String owner, Instant now, Instant leaseUntil, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        // Oldest first, so a backlog drains in arrival order.
        String sql = "UPDATE executions SET owner = ?, lease_until = ?, version = version + 1 WHERE id IN ("
                + "SELECT id FROM executions WHERE " + CLAIMABLE + " ORDER BY created_at, id LIMIT ?"
                + dialect.skipLocked() + ") RETURNING id, status, started_at";
        return writes.write(tx -> tx.query(sql, row -> new Claimed(row.string("id"),
                "waiting".equals(row.string("status")) && row.instant("started_at") == null), owner, leaseUntil, now,
                now, limit));
    }

    @Override
    public boolean claimOne(String executionId, String owner, Instant now, Instant leaseUntil) {
        return writes.write(LockOrder.execution(executionId), tx -> tx.execute(
                "UPDATE executions SET owner = ?, lease_until = ?, version = version + 1 WHERE id = ? AND "
                        + CLAIMABLE, owner, leaseUntil, executionId, now, now) == 1);
    }

    /**
     * Never waits (the lock rule): a row another transaction holds right now is skipped and renewed by the
     * next renewal, a third of a lease later.
     */
    @Override
    public int renewLeases(String owner, Instant leaseUntil) {
        return writes.write(tx -> tx.execute("UPDATE executions SET lease_until = ? WHERE id IN (SELECT id FROM "
                + "executions WHERE owner = ? AND " + NOT_TERMINAL + dialect.skipLocked() + ")", leaseUntil, owner));
    }

    @Override
    public boolean deferAgain(String executionId, String owner, Instant wakeAt) {
        return writes.write(LockOrder.execution(executionId),
                tx -> tx.execute(DEFER_AGAIN, wakeAt, executionId, owner) == 1);
    }

    /** Never waits: a row locked right now stays leased until its lease ends, and is then claimed. */
    @Override
    public int releaseAll(String owner) {
        return writes.write(tx -> {
            int released = tx.execute("UPDATE executions SET owner = NULL, lease_until = NULL WHERE id IN ("
                    + "SELECT id FROM executions WHERE owner = ?" + dialect.skipLocked() + ")", owner);
            if (released > 0) {
                tx.signal(Signal.of(Signal.Kind.WORK)); // the other nodes claim it now, not at their next poll
            }
            return released;
        });
    }

    /**
     * Walks the timer index (status, wake_at) from the earliest entry and stops at the first unclaimed one: no
     * scan, however many executions wait. Claimed rows are left out: the claimer would otherwise spin on a timer
     * someone already holds.
     */
    @Override
    public Optional<Instant> nextWakeAt() {
        return reads.queryOne("SELECT wake_at AS next FROM executions WHERE status = " + WAITING + " AND owner IS NULL "
                        + "AND wake_at IS NOT NULL ORDER BY wake_at LIMIT 1",
                row -> row.instant("next"));
    }

    @Override
    public boolean wake(String executionId, Instant at) {
        return writes.write(LockOrder.execution(executionId), tx -> {
            if (tx.execute("UPDATE executions SET wake_at = ?, version = version + 1 WHERE id = ? AND status = "
                    + WAITING, at, executionId) == 0) {
                return false;
            }
            tx.execute("UPDATE steps SET wake_at = ? WHERE execution_id = ? AND status = "
                    + StatusSql.literal(StepStatus.WAITING)
                    + " AND (wake_at IS NULL OR wake_at > ?)", at, executionId, at);
            tx.signal(Signal.of(Signal.Kind.WORK));
            return true;
        });
    }

    @Override
    public boolean reopen(Execution e, List<StepRun> steps, long expectedVersion, String owner, Instant leaseUntil) {
        requireLease(owner, leaseUntil);
        List<Object[]> stepRows = stepRows(e.id(), steps);
        return writes.write(LockOrder.execution(e.id()), tx -> {
            int n = tx.execute("UPDATE executions SET status = ?, started_at = ?, ended_at = ?, wake_at = ?, error = ?,"
                            + " owner = ?, lease_until = ?, version = version + 1 WHERE id = ? AND version = ?",
                    e.status().wire(), e.startedAt(), e.endedAt(), e.wakeAt(), e.error(), owner, leaseUntil, e.id(),
                    expectedVersion);
            if (n == 0) {
                return false;
            }
            tx.batch(UPSERT_STEP, stepRows);
            tx.signal(changed(e));
            return true;
        });
    }

    /** Uses the status index: an IN list of the live statuses, not a NOT IN that scans every row. */
    @Override
    public long countActive() {
        // Schedules' next-slot timers are waiting executions too, but nothing is queued for them yet; the
        // schedules' index counts them without visiting the waiting rows.
        return reads.queryOne("SELECT (SELECT COUNT(*) FROM executions WHERE status IN ("
                        + StatusSql.literals(ExecutionStatus.NOT_STARTED, ExecutionStatus.IN_PROGRESS,
                                ExecutionStatus.WAITING)
                        + ")) - (SELECT COUNT(*) FROM schedules WHERE armed_id IS NOT NULL) AS n",
                row -> Math.max(0, row.longValue("n"))).orElse(0L);
    }

    /** An owner without a lease end would hold the execution forever: nobody could ever reclaim it. */
    private static void requireLease(String owner, Instant leaseUntil) {
        if (owner != null && leaseUntil == null) {
            throw new IllegalArgumentException("Owner '" + owner + "' needs a lease end");
        }
    }

    private static List<Object[]> stepRows(String executionId, List<StepRun> steps) {
        List<Object[]> rows = new ArrayList<>(steps.size());
        for (StepRun s : steps) {
            if (!executionId.equals(s.executionId())) {
                throw new IllegalArgumentException(
                        "Step " + s.stepId() + " belongs to " + s.executionId() + ", not " + executionId);
            }
            rows.add(new Object[] {s.executionId(), s.stepId(), s.order(), s.name(), s.status().wire(), s.attempt(),
                    s.startedAt(), s.endedAt(), json(s.outputs()), s.error(), s.wakeAt(), json(s.state())});
        }
        return rows;
    }

    private static String json(com.fasterxml.jackson.databind.JsonNode node) {
        return node == null ? null : io.flowgate.core.Json.write(node);
    }

    private static void filter(List<String> where, List<Object> params, String condition, Object value) {
        if (value != null) {
            where.add(condition);
            params.add(value);
        }
    }

    private static Execution execution(Row r) throws SQLException {
        return new Execution(r.string("id"), r.string("team"), r.string("workflow_id"), r.integer("revision"),
                TriggerKind.fromWire(r.string("trig")), ExecutionStatus.fromWire(r.string("status")), r.json("context"),
                r.instant("created_at"), r.instant("started_at"), r.instant("ended_at"), r.instant("wake_at"),
                r.string("error"), r.string("parent_id"), r.longValue("version"));
    }

    private static StepRun step(Row r) throws SQLException {
        return new StepRun(r.string("execution_id"), r.string("step_id"), r.integer("ord"), r.string("name"),
                StepStatus.fromWire(r.string("status")), r.integer("attempt"), r.instant("started_at"),
                r.instant("ended_at"), r.json("outputs"), r.string("error"), r.instant("wake_at"), r.json("state"));
    }
}
