package io.flowgate.store.jdbc;

import io.flowgate.engine.Execution;
import io.flowgate.store.ScheduleState;
import io.flowgate.store.ScheduleStore;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Schedules and their history (table {@code schedules}, migrations V3 and V7), and the deferred executions that
 * are their timers (table {@code executions}): both change in one commit.
 */
public final class JdbcScheduleStore implements ScheduleStore {
    private static final String COLUMNS = "id, team, workflow_id, idx, spec, paused, next_fire_at, last_slot, "
            + "last_fired_at, last_execution_id, last_lateness_ms, fired, missed, skipped, version, armed_id";
    /** A deferred execution no node is admitting: safe to delete. Parameters: id, now. */
    private static final String DELETE_UNCLAIMED_TIMER = "DELETE FROM executions WHERE id = ? AND status = 'waiting' "
            + "AND started_at IS NULL AND (owner IS NULL OR lease_until < ?)";
    /** A deferred execution the caller holds. Parameters: id, owner. */
    private static final String HELD_TIMER = "id = ? AND owner = ? AND status = 'waiting' AND started_at IS NULL";

    private final JdbcHelper reads;
    private final GroupCommitter writes;
    private final Dialect dialect;

    public JdbcScheduleStore(Database db) {
        this.reads = db.reads();
        this.writes = db.writes();
        this.dialect = db.dialect();
    }

    private record Existing(String spec, boolean paused, Instant nextFireAt, String armedId) {}

    @Override
    public void replace(String team, String workflowId, List<Declared> declared, Instant now) {
        List<Object[]> armedRows = new ArrayList<>();
        for (Declared d : declared) {
            armedRows.add(d.armed() == null ? null : JdbcExecutionStore.executionRow(d.armed(), null, null));
        }
        writes.write(tx -> {
            Map<String, Existing> existing = new HashMap<>();
            for (Object[] row : tx.query("SELECT id, spec, paused, next_fire_at, armed_id FROM schedules "
                    + "WHERE team = ? AND workflow_id = ?" + dialect.lockRow(), r -> new Object[] {r.string("id"),
                    new Existing(r.string("spec"), r.integer("paused") != 0, r.instant("next_fire_at"),
                            r.string("armed_id"))}, team, workflowId)) {
                existing.put((String) row[0], (Existing) row[1]);
            }
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
                } else if (old.armedId() == null && !old.paused() && old.nextFireAt() != null && armedId != null
                        && !takenByRun(tx, armedId)) {
                    // Stored before timers were executions (the caller declares the slot it was waiting for).
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
            tx.execute(JdbcExecutionStore.INSERT_EXECUTION + " ON CONFLICT (id) DO NOTHING", row);
        }
    }

    private static void disarm(Tx tx, String armedId, Instant now) {
        if (armedId != null) {
            tx.execute(DELETE_UNCLAIMED_TIMER, armedId, now);
        }
    }

    /** True when {@code executionId} exists and is not a deferred timer: a run of that slot already happened. */
    private static boolean takenByRun(Tx tx, String executionId) {
        return tx.queryOne("SELECT 1 AS taken FROM executions WHERE id = ? AND NOT (status = 'waiting' "
                + "AND started_at IS NULL)", r -> true, executionId).isPresent();
    }

    @Override
    public int retainWorkflows(Set<String> keep, Instant now) {
        List<String[]> present = reads.query("SELECT DISTINCT team, workflow_id FROM schedules",
                r -> new String[] {r.string("team"), r.string("workflow_id")});
        List<String[]> gone = present.stream().filter(k -> !keep.contains(k[0] + "/" + k[1])).toList();
        if (gone.isEmpty()) {
            return 0;
        }
        return writes.write(tx -> {
            int n = 0;
            for (String[] k : gone) {
                for (String armed : tx.query("SELECT armed_id FROM schedules WHERE team = ? AND workflow_id = ? "
                        + "AND armed_id IS NOT NULL", r -> r.string("armed_id"), k[0], k[1])) {
                    disarm(tx, armed, now);
                }
                n += tx.execute("DELETE FROM schedules WHERE team = ? AND workflow_id = ?", k[0], k[1]);
            }
            return n;
        });
    }

    @Override
    public Optional<ScheduleState> findArmed(String executionId) {
        return reads.queryOne("SELECT " + COLUMNS + " FROM schedules WHERE armed_id = ?", JdbcScheduleStore::state,
                executionId);
    }

    @Override
    public FireResult fire(Fire f, String owner, Instant leaseUntil) {
        List<Object[]> extra = new ArrayList<>(f.alsoRun().size());
        for (Execution e : f.alsoRun()) {
            extra.add(JdbcExecutionStore.executionRow(e, owner, leaseUntil));
        }
        Object[] next = f.next() == null ? null : JdbcExecutionStore.executionRow(f.next(), null, null);
        Outcome o = f.outcome();
        return writes.write(tx -> {
            // Guards first, so that a declined fire writes nothing and needs no rollback.
            String armed = tx.queryOne("SELECT armed_id FROM schedules WHERE id = ?" + dialect.lockRow(),
                    r -> r.string("armed_id"), f.scheduleId()).orElse(null);
            if (!f.executionId().equals(armed)) {
                tx.execute("DELETE FROM executions WHERE " + HELD_TIMER, f.executionId(), owner);
                return new FireResult(Fired.STALE, List.of());
            }
            if (tx.queryOne("SELECT 1 AS held FROM executions WHERE " + HELD_TIMER + dialect.lockRow(), r -> true,
                    f.executionId(), owner).isEmpty()) {
                return new FireResult(Fired.LOST, List.of());
            }
            if (f.next() != null && takenByRun(tx, f.next().id())) {
                return new FireResult(Fired.NEXT_TAKEN, List.of());
            }
            if (f.runIt()) {
                tx.execute("UPDATE executions SET status = 'notstarted', revision = ?, wake_at = NULL, "
                        + "version = version + 1 WHERE " + HELD_TIMER, f.revision(), f.executionId(), owner);
            } else {
                tx.execute("DELETE FROM executions WHERE " + HELD_TIMER, f.executionId(), owner);
            }
            List<String> inserted = new ArrayList<>();
            int[] counts = tx.batchCounts(JdbcExecutionStore.INSERT_EXECUTION + " ON CONFLICT (id) DO NOTHING", extra);
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    inserted.add(f.alsoRun().get(i).id());
                }
            }
            arm(tx, next);
            int fired = (f.runIt() ? 1 : 0) + inserted.size();
            String set = "UPDATE schedules SET armed_id = ?, next_fire_at = ?, fired = fired + ?, missed = missed + ?, "
                    + "skipped = skipped + ?";
            String nextId = f.next() == null ? null : f.next().id();
            Instant nextAt = f.next() == null ? null : f.next().wakeAt();
            if (o.lastSlot() != null) {
                tx.execute(set + ", last_slot = ?, last_fired_at = ?, last_execution_id = ?, last_lateness_ms = ? "
                        + "WHERE id = ?", nextId, nextAt, fired, o.missed(), o.skipped(), o.lastSlot(),
                        o.lastFiredAt(), o.lastExecutionId(), o.lastLatenessMs(), f.scheduleId());
            } else {
                tx.execute(set + " WHERE id = ?", nextId, nextAt, fired, o.missed(), o.skipped(), f.scheduleId());
            }
            return new FireResult(Fired.FIRED, inserted);
        });
    }

    @Override
    public boolean discard(String executionId, String owner) {
        return writes.write(tx -> tx.execute("DELETE FROM executions WHERE " + HELD_TIMER, executionId, owner) == 1);
    }

    @Override
    public boolean postpone(String executionId, String owner, Instant retryAt) {
        return writes.write(tx -> tx.execute("UPDATE executions SET wake_at = ?, owner = NULL, lease_until = NULL, "
                + "version = version + 1 WHERE " + HELD_TIMER, retryAt, executionId, owner) == 1);
    }

    @Override
    public boolean rearm(String scheduleId, String cancelledId, Execution next, Instant now) {
        Object[] row = next == null ? null : JdbcExecutionStore.executionRow(next, null, null);
        return writes.write(tx -> {
            int n = tx.execute("UPDATE schedules SET armed_id = ?, next_fire_at = ?, updated_at = ? "
                    + "WHERE id = ? AND armed_id = ?", next == null ? null : next.id(),
                    next == null ? null : next.wakeAt(), now, scheduleId, cancelledId);
            if (n == 1) {
                arm(tx, row);
            }
            return n == 1;
        });
    }

    @Override
    public boolean setPaused(String id, boolean paused, Execution armed, Instant now) {
        Object[] row = armed == null ? null : JdbcExecutionStore.executionRow(armed, null, null);
        return writes.write(tx -> {
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
