package io.flowgate.store.jdbc;

import io.flowgate.engine.Execution;
import io.flowgate.engine.ExecutionStatus;
import io.flowgate.store.ScheduleState;
import io.flowgate.store.ScheduleStore;
import io.flowgate.store.Signal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Schedules and their history (table {@code schedules}, migrations V3 and V7), and the deferred executions that
 * are their timers (table {@code executions}): both change in one commit.
 */
public final class JdbcScheduleStore implements ScheduleStore {
    private static final String COLUMNS = "id, team, workflow_id, idx, spec, paused, next_fire_at, last_slot, "
            + "last_fired_at, last_execution_id, last_lateness_ms, fired, missed, skipped, version, armed_id";
    private static final String WAITING = StatusSql.literal(ExecutionStatus.WAITING);
    /** A deferred execution no node is admitting: safe to delete. Parameters: id, now. */
    private static final String DELETE_UNCLAIMED_TIMER = "DELETE FROM executions WHERE id = ? AND status = " + WAITING
            + " AND started_at IS NULL AND (owner IS NULL OR lease_until < ?)";
    /** Keeps a schedule's last fire when an admission ran none of its slots (COALESCE of nulls). */
    private static final String ADVANCE_SCHEDULE = "UPDATE schedules SET armed_id = ?, next_fire_at = ?, "
            + "fired = fired + ?, missed = missed + ?, skipped = skipped + ?, last_slot = COALESCE(?, last_slot), "
            + "last_fired_at = COALESCE(?, last_fired_at), last_execution_id = COALESCE(?, last_execution_id), "
            + "last_lateness_ms = COALESCE(?, last_lateness_ms) WHERE id = ? AND armed_id = ?";
    /** Inserts a timer or a run unless its (schedule, slot) id exists: the primary key decides "once". */
    /** Where {@link JdbcExecutionStore#executionRow} puts {@code wake_at}. */
    private static final int WAKE_AT = 10;
    private static final String INSERT_TIMER = JdbcExecutionStore.INSERT_EXECUTION + " ON CONFLICT (id) DO NOTHING";
    /** Bounds the parameters of one IN list (SQLite's limit is far higher; this keeps statements small). */
    private static final int IN_CHUNK = 500;
    /** A deferred execution the caller holds. Parameters: id, owner. */
    private static final String HELD_TIMER = "id = ? AND owner = ? AND status = " + WAITING + " AND started_at IS NULL";

    private final JdbcHelper reads;
    private final GroupCommitter writes;
    private final Dialect dialect;

    public JdbcScheduleStore(Database db) {
        this.reads = db.reads();
        this.writes = db.writes();
        this.dialect = db.dialect();
    }

    private record Existing(String spec, boolean paused, String armedId) {}

    @Override
    public void replace(String team, String workflowId, List<Declared> declared, Instant now) {
        List<Object[]> armedRows = new ArrayList<>();
        for (Declared d : declared) {
            armedRows.add(d.armed() == null ? null : JdbcExecutionStore.executionRow(d.armed(), null, null));
        }
        writes.writeShared(tx -> {
            Map<String, Existing> existing = new HashMap<>();
            for (Object[] row : tx.query("SELECT id, spec, paused, armed_id FROM schedules WHERE team = ? "
                    + "AND workflow_id = ? ORDER BY id" + dialect.lockRow(), r -> new Object[] {r.string("id"),
                    new Existing(r.string("spec"), r.integer("paused") != 0, r.string("armed_id"))}, team,
                    workflowId)) {
                existing.put((String) row[0], (Existing) row[1]);
            }
            Set<String> waiting = new java.util.HashSet<>(inChunks(existing.values().stream().map(Existing::armedId)
                    .filter(java.util.Objects::nonNull).toList(), (marks, chunk) -> tx.query("SELECT id FROM "
                    + "executions WHERE id IN (" + marks + ") AND " + dialect.unindexed("status") + " = " + WAITING
                    + " AND started_at IS NULL",
                    r -> r.string("id"), chunk)));
            for (int i = 0; i < declared.size(); i++) {
                Declared d = declared.get(i);
                Existing old = existing.remove(d.id());
                String armedId = d.armed() == null ? null : d.armed().id();
                if (old == null) {
                    tx.execute("INSERT INTO schedules (id, team, workflow_id, idx, spec, next_fire_at, armed_id, "
                            + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", d.id(), team, workflowId, d.index(),
                            d.spec(), d.nextFireAt(), armedId, now);
                    arm(tx, armedRows.get(i));
                } else if (!old.spec().equals(io.flowgate.core.Json.write(d.spec()))) {
                    // A new spec is a new timer: the old slot must not fire under it.
                    disarm(tx, old.armedId(), now);
                    String armed = old.paused() ? null : armedId;
                    tx.execute("UPDATE schedules SET spec = ?, idx = ?, next_fire_at = ?, armed_id = ?, "
                            + "version = version + 1, updated_at = ? WHERE id = ?", d.spec(), d.index(),
                            d.nextFireAt(), armed, now, d.id());
                    if (armed != null) {
                        arm(tx, armedRows.get(i));
                    }
                } else if (!old.paused() && armedId != null && !waiting.contains(old.armedId())
                        && !takenByRun(tx, armedId)) {
                    // No timer waits for this schedule: stored before timers were executions (the caller then
                    // declares the slot it was waiting for), or its timer was lost (cancelled while re-arming failed).
                    tx.execute("UPDATE schedules SET armed_id = ?, next_fire_at = ? WHERE id = ?", armedId,
                            d.nextFireAt(), d.id());
                    arm(tx, armedRows.get(i));
                }
            }
            for (Map.Entry<String, Existing> gone : existing.entrySet()) {
                disarm(tx, gone.getValue().armedId(), now);
                tx.execute("DELETE FROM schedules WHERE id = ?", gone.getKey());
            }
            return null;
        });
    }

    private static void arm(Tx tx, Object[] row) {
        if (row != null) {
            tx.execute(INSERT_TIMER, row);
            timerSet(tx, row);
        }
    }

    /** Other nodes' claim loops learn of an unowned timer at once, not at their next poll (≤ 1 s). */
    private static void timerSet(Tx tx, Object[] executionRow) {
        if (executionRow[WAKE_AT] instanceof Instant at) {
            tx.signal(Signal.of(Signal.Kind.WORK, Long.toString(at.toEpochMilli())));
        }
    }

    private static void disarm(Tx tx, String armedId, Instant now) {
        if (armedId != null) {
            tx.execute(DELETE_UNCLAIMED_TIMER, armedId, now);
        }
    }

    /** True when {@code executionId} exists and is not a deferred timer: a run of that slot already happened. */
    private static boolean takenByRun(Tx tx, String executionId) {
        return tx.queryOne("SELECT 1 AS taken FROM executions WHERE id = ? AND NOT (status = " + WAITING
                + " AND started_at IS NULL)", r -> true, executionId).isPresent();
    }

    @Override
    public int retainWorkflows(Set<String> keep, Instant now) {
        List<String[]> present = reads.query("SELECT DISTINCT team, workflow_id FROM schedules",
                r -> new String[] {r.string("team"), r.string("workflow_id")});
        List<String[]> gone = present.stream().filter(k -> !keep.contains(k[0] + "/" + k[1])).toList();
        if (gone.isEmpty()) {
            return 0;
        }
        return writes.writeShared(tx -> {
            // Every gone workflow's schedule rows first, in the order all schedule locks take (the database's, as
            // lockSchedules); then their timers (executions), in the execution order.
            List<String> ids = new ArrayList<>();
            for (String[] k : gone) {
                ids.addAll(tx.query("SELECT id FROM schedules WHERE team = ? AND workflow_id = ?", r -> r.string("id"),
                        k[0], k[1]));
            }
            lockSchedules(tx, ids);
            List<String> armed = new ArrayList<>();
            for (String id : ids) {
                tx.queryOne("SELECT armed_id FROM schedules WHERE id = ? AND armed_id IS NOT NULL",
                        r -> r.string("armed_id"), id).ifPresent(armed::add);
            }
            for (String id : LockOrder.ascending(armed)) {
                disarm(tx, id, now);
            }
            int n = 0;
            for (String[] k : gone) {
                n += tx.execute("DELETE FROM schedules WHERE team = ? AND workflow_id = ?", k[0], k[1]);
            }
            return n;
        });
    }

    @Override
    public Map<String, ScheduleState> findArmed(List<String> executionIds) {
        Map<String, ScheduleState> out = new HashMap<>();
        for (ScheduleState st : inChunks(executionIds, (marks, chunk) -> reads.query("SELECT " + COLUMNS
                + " FROM schedules WHERE armed_id IN (" + marks + ")", JdbcScheduleStore::state, chunk))) {
            out.put(st.armedId(), st);
        }
        return out;
    }

    /** Runs {@code query} over {@code ids} in chunks of {@link #IN_CHUNK} ("?, ?, …" and the chunk's values). */
    private static <T> List<T> inChunks(List<String> ids, BiFunction<String, Object[], List<T>> query) {
        List<T> out = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += IN_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
            out.addAll(query.apply(String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")),
                    chunk.toArray()));
        }
        return out;
    }

    /**
     * Statement by statement for all timers at once (JDBC batches), each step only for the timers the step
     * before kept: the timers themselves (only while still held), then their schedules (only while still armed
     * with them), then the runs and timers they create. What a step declines is never written by a later one,
     * so nothing needs undoing, except a timer started just before its schedule turned out to be re-armed.
     */
    @Override
    public List<FireResult> fire(List<Fire> fires, String owner, Instant leaseUntil) {
        int n = fires.size();
        List<Object[]> nextRows = new ArrayList<>(n);
        List<List<Object[]>> extraRows = new ArrayList<>(n);
        for (Fire f : fires) {
            nextRows.add(f.next() == null ? null : JdbcExecutionStore.executionRow(f.next(), null, null));
            List<Object[]> extras = new ArrayList<>(f.alsoRun().size());
            for (Execution e : f.alsoRun()) {
                extras.add(JdbcExecutionStore.executionRow(e, owner, leaseUntil));
            }
            extraRows.add(extras);
        }
        return writes.writeShared(tx -> {
            lockSchedules(tx, fires.stream().map(Fire::scheduleId).distinct().sorted().toList());
            // Then the timers, in the one ascending order (this node's keyed units may hold one of them).
            LockOrder.lockExecutions(tx, dialect, fires.stream().map(Fire::executionId).toList());
            Fired[] result = new Fired[n];
            List<Integer> held = heldTimers(tx, fires, owner);
            List<Object[]> scheduleRows = new ArrayList<>(held.size());
            for (int i : held) {
                Fire f = fires.get(i);
                Outcome o = f.outcome();
                scheduleRows.add(new Object[] {f.next() == null ? null : f.next().id(),
                        f.next() == null ? null : f.next().wakeAt(), (f.runIt() ? 1 : 0) + f.alsoRun().size(),
                        o.missed(), o.skipped(), o.lastSlot(), o.lastFiredAt(), o.lastExecutionId(),
                        o.lastLatenessMs(), f.scheduleId(), f.executionId()});
            }
            int[] armed = tx.batchCounts(ADVANCE_SCHEDULE, scheduleRows);
            List<List<String>> inserted = new ArrayList<>(java.util.Collections.nCopies(n, List.of()));
            List<Object[]> nexts = new ArrayList<>();
            List<Integer> nextOf = new ArrayList<>();
            for (int k = 0; k < held.size(); k++) {
                int i = held.get(k);
                Fire f = fires.get(i);
                if (armed[k] == 0) {
                    result[i] = Fired.STALE;
                    if (f.runIt()) {
                        tx.execute("DELETE FROM executions WHERE id = ? AND owner = ?", f.executionId(), owner);
                    }
                    continue;
                }
                result[i] = Fired.FIRED;
                inserted.set(i, insertRuns(tx, f, extraRows.get(i)));
                if (nextRows.get(i) != null) {
                    nexts.add(nextRows.get(i));
                    nextOf.add(i);
                }
            }
            int[] armedNext = tx.batchCounts(INSERT_TIMER, nexts);
            nexts.forEach(row -> timerSet(tx, row));
            for (int k = 0; k < armedNext.length; k++) {
                int i = nextOf.get(k);
                if (armedNext[k] == 0 && takenByRun(tx, fires.get(i).next().id())) {
                    result[i] = Fired.NEXT_TAKEN;
                }
            }
            List<FireResult> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(new FireResult(result[i] == null ? Fired.LOST : result[i], inserted.get(i)));
            }
            return out;
        });
    }

    /**
     * Every write that touches a schedule and its timer locks the schedule row first, in id order (saving a
     * workflow, pausing, re-arming, admitting): on PostgreSQL an admission and a save of the same schedule
     * would otherwise lock the two rows in opposite orders and could deadlock. SQLite has one writer.
     */
    private void lockSchedules(Tx tx, List<String> sortedIds) {
        if (!dialect.lockRow().isEmpty()) {
            inChunks(sortedIds, (marks, chunk) -> tx.query("SELECT id FROM schedules WHERE id IN (" + marks
                    + ") ORDER BY id" + dialect.lockRow(), r -> r.string("id"), chunk));
        }
    }

    /** Starts or deletes each timer the caller still holds; returns the indexes of those it held. */
    private static List<Integer> heldTimers(Tx tx, List<Fire> fires, String owner) {
        List<Integer> runIdx = new ArrayList<>();
        List<Integer> dropIdx = new ArrayList<>();
        List<Object[]> runRows = new ArrayList<>();
        List<Object[]> dropRows = new ArrayList<>();
        for (int i = 0; i < fires.size(); i++) {
            Fire f = fires.get(i);
            if (f.runIt()) {
                runIdx.add(i);
                runRows.add(new Object[] {f.revision(), f.executionId(), owner});
            } else {
                dropIdx.add(i);
                dropRows.add(new Object[] {f.executionId(), owner});
            }
        }
        List<Integer> held = new ArrayList<>(fires.size());
        int[] started = tx.batchCounts("UPDATE executions SET status = "
                + StatusSql.literal(ExecutionStatus.NOT_STARTED) + ", revision = ?, wake_at = NULL, "
                + "version = version + 1 WHERE " + HELD_TIMER, runRows);
        for (int k = 0; k < started.length; k++) {
            if (started[k] > 0) {
                held.add(runIdx.get(k));
            }
        }
        int[] dropped = tx.batchCounts("DELETE FROM executions WHERE " + HELD_TIMER, dropRows);
        for (int k = 0; k < dropped.length; k++) {
            if (dropped[k] > 0) {
                held.add(dropIdx.get(k));
            }
        }
        return held;
    }

    /** Inserts the runs of caught-up slots; those that exist already (a backfill ran them) are not counted. */
    private static List<String> insertRuns(Tx tx, Fire f, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> inserted = new ArrayList<>(rows.size());
        int[] counts = tx.batchCounts(INSERT_TIMER, rows);
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] > 0) {
                inserted.add(f.alsoRun().get(k).id());
            }
        }
        if (inserted.size() < rows.size()) {
            tx.execute("UPDATE schedules SET fired = fired - ? WHERE id = ?", rows.size() - inserted.size(),
                    f.scheduleId());
        }
        return inserted;
    }

    @Override
    public boolean discard(String executionId, String owner) {
        return writes.write(LockOrder.execution(executionId),
                tx -> tx.execute("DELETE FROM executions WHERE " + HELD_TIMER, executionId, owner) == 1);
    }

    @Override
    public boolean postpone(String executionId, String owner, Instant retryAt) {
        return writes.write(LockOrder.execution(executionId),
                tx -> tx.execute(JdbcExecutionStore.DEFER_AGAIN, retryAt, executionId, owner) == 1);
    }

    @Override
    public Fired rearm(String scheduleId, String expectArmedId, Execution next, Instant now) {
        Object[] row = next == null ? null : JdbcExecutionStore.executionRow(next, null, null);
        return writes.writeShared(tx -> {
            if (next != null && takenByRun(tx, next.id())) {
                return Fired.NEXT_TAKEN;
            }
            int n = tx.execute("UPDATE schedules SET armed_id = ?, next_fire_at = ?, updated_at = ? "
                    + "WHERE id = ? AND armed_id = ?", next == null ? null : next.id(),
                    next == null ? null : next.wakeAt(), now, scheduleId, expectArmedId);
            if (n == 0) {
                return Fired.STALE;
            }
            arm(tx, row);
            return Fired.FIRED;
        });
    }

    @Override
    public boolean setPaused(String id, boolean paused, Execution armed, Instant now) {
        Object[] row = armed == null ? null : JdbcExecutionStore.executionRow(armed, null, null);
        return writes.writeShared(tx -> {
            String old = tx.queryOne("SELECT armed_id FROM schedules WHERE id = ?" + dialect.lockRow(),
                    r -> Optional.ofNullable(r.string("armed_id")), id).map(o -> o.orElse("")).orElse(null);
            if (old == null) {
                return false;
            }
            disarm(tx, old.isEmpty() ? null : old, now);
            if (paused) {
                tx.execute("UPDATE schedules SET paused = 1, armed_id = NULL, version = version + 1, updated_at = ? "
                        + "WHERE id = ?", now, id);
            } else {
                tx.execute("UPDATE schedules SET paused = 0, next_fire_at = ?, armed_id = ?, version = version + 1, "
                        + "updated_at = ? WHERE id = ?", armed == null ? null : armed.wakeAt(),
                        armed == null ? null : armed.id(), now, id);
                arm(tx, row);
            }
            return true;
        });
    }

    @Override
    public Optional<ScheduleState> find(String id) {
        return reads.queryOne("SELECT " + COLUMNS + " FROM schedules WHERE id = ?", JdbcScheduleStore::state, id);
    }

    @Override
    public List<ScheduleState> list(List<String> teams, String workflowId) {
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (teams != null) {
            if (teams.isEmpty()) {
                return List.of();
            }
            where.add("team IN (" + String.join(", ", teams.stream().map(t -> "?").toList()) + ")");
            params.addAll(teams);
        }
        if (workflowId != null) {
            where.add("workflow_id = ?");
            params.add(workflowId);
        }
        return reads.query("SELECT " + COLUMNS + " FROM schedules"
                        + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                        + " ORDER BY team, workflow_id, idx", JdbcScheduleStore::state, params.toArray());
    }

    private static ScheduleState state(Row r) throws SQLException {
        return new ScheduleState(r.string("id"), r.string("team"), r.string("workflow_id"), r.integer("idx"),
                r.json("spec"), r.integer("paused") != 0, r.instant("next_fire_at"), r.instant("last_slot"),
                r.instant("last_fired_at"), r.string("last_execution_id"), r.nullableLong("last_lateness_ms"),
                r.longValue("fired"), r.longValue("missed"), r.longValue("skipped"), r.longValue("version"),
                r.string("armed_id"));
    }
}
