package io.flowgate.store.jdbc;

import io.flowgate.store.ScheduleState;
import io.flowgate.store.ScheduleStore;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Schedule timers and their history (table {@code schedules}, migration V3). */
public final class JdbcScheduleStore implements ScheduleStore {
    private static final String COLUMNS = "id, team, workflow_id, idx, spec, paused, next_fire_at, last_slot, "
            + "last_fired_at, last_execution_id, last_lateness_ms, fired, missed, skipped, version";

    private final JdbcHelper reads;
    private final GroupCommitter writes;
    private final Dialect dialect;

    public JdbcScheduleStore(Database db) {
        this.reads = db.reads();
        this.writes = db.writes();
        this.dialect = db.dialect();
    }

    @Override
    public void replace(String team, String workflowId, List<Declared> declared, Instant now) {
        writes.write(tx -> {
            List<Object[]> rows = new ArrayList<>(declared.size());
            for (Declared d : declared) {
                rows.add(new Object[] {d.id(), team, workflowId, d.index(), d.spec(), d.nextFireAt(), now});
            }
            // An unchanged spec keeps its timer: re-saving a workflow must not move or re-fire its slots.
            tx.batch("""
                    INSERT INTO schedules (id, team, workflow_id, idx, spec, next_fire_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET spec = excluded.spec, idx = excluded.idx,
                        next_fire_at = excluded.next_fire_at, owner = NULL, claim_until = NULL,
                        version = schedules.version + 1, updated_at = excluded.updated_at
                    WHERE schedules.spec <> excluded.spec""", rows);
            tx.execute("DELETE FROM schedules WHERE team = ? AND workflow_id = ? AND idx >= ?", team, workflowId,
                    declared.size());
            return null;
        });
    }

    @Override
    public int retainWorkflows(Set<String> keep) {
        List<String[]> present = reads.query("SELECT DISTINCT team, workflow_id FROM schedules",
                r -> new String[] {r.string("team"), r.string("workflow_id")});
        List<String[]> gone = present.stream().filter(k -> !keep.contains(k[0] + "/" + k[1])).toList();
        if (gone.isEmpty()) {
            return 0;
        }
        return writes.write(tx -> {
            int n = 0;
            for (String[] k : gone) {
                n += tx.execute("DELETE FROM schedules WHERE team = ? AND workflow_id = ?", k[0], k[1]);
            }
            return n;
        });
    }

    @Override
    public List<ScheduleState> claimDue(String owner, Instant dueBy, Instant now, Instant claimUntil, int limit) {
        String sql = "UPDATE schedules SET owner = ?, claim_until = ? WHERE id IN (SELECT id FROM schedules "
                + "WHERE paused = 0 AND next_fire_at IS NOT NULL AND next_fire_at <= ? "
                + "AND (claim_until IS NULL OR claim_until < ?) ORDER BY next_fire_at LIMIT ?"
                + dialect.skipLocked() + ") RETURNING " + COLUMNS;
        List<ScheduleState> claimed = new ArrayList<>(writes.write(tx -> tx.query(sql, JdbcScheduleStore::state,
                owner, claimUntil, dueBy, now, limit)));
        claimed.sort(Comparator.comparing(ScheduleState::nextFireAt));
        return claimed;
    }

    @Override
    public int complete(String owner, List<Completion> completions) {
        if (completions.isEmpty()) {
            return 0;
        }
        List<Object[]> fired = new ArrayList<>();
        List<Object[]> idle = new ArrayList<>();
        for (Completion c : completions) {
            Outcome o = c.outcome();
            if (o.lastSlot() != null) {
                fired.add(new Object[] {o.nextFireAt(), o.fired(), o.missed(), o.skipped(), o.lastSlot(),
                        o.lastFiredAt(), o.lastExecutionId(), o.lastLatenessMs(), c.id(), owner, c.version()});
            } else {
                idle.add(new Object[] {o.nextFireAt(), o.fired(), o.missed(), o.skipped(), c.id(), owner, c.version()});
            }
        }
        String set = "UPDATE schedules SET next_fire_at = ?, fired = fired + ?, missed = missed + ?, "
                + "skipped = skipped + ?, owner = NULL, claim_until = NULL";
        String where = " WHERE id = ? AND owner = ? AND version = ?";
        return writes.write(tx -> {
            int n = 0;
            for (int count : tx.batchCounts(set + ", last_slot = ?, last_fired_at = ?, last_execution_id = ?, "
                    + "last_lateness_ms = ?" + where, fired)) {
                n += Math.max(count, 0);
            }
            for (int count : tx.batchCounts(set + where, idle)) {
                n += Math.max(count, 0);
            }
            return n;
        });
    }

    @Override
    public int releaseAll(String owner) {
        return writes.write(tx -> tx.execute("UPDATE schedules SET owner = NULL, claim_until = NULL WHERE owner = ?",
                owner));
    }

    @Override
    public boolean postpone(String id, String owner, long version, Instant retryAt) {
        return writes.write(tx -> tx.execute("UPDATE schedules SET owner = NULL, claim_until = ? "
                + "WHERE id = ? AND owner = ? AND version = ?", retryAt, id, owner, version) == 1);
    }

    @Override
    public boolean setPaused(String id, boolean paused, Instant nextFireAt, Instant now) {
        return writes.write(tx -> paused
                ? tx.execute("UPDATE schedules SET paused = 1, owner = NULL, claim_until = NULL, "
                        + "version = version + 1, updated_at = ? WHERE id = ?", now, id) == 1
                : tx.execute("UPDATE schedules SET paused = 0, next_fire_at = ?, owner = NULL, claim_until = NULL, "
                        + "version = version + 1, updated_at = ? WHERE id = ?", nextFireAt, now, id) == 1);
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

    /**
     * Walks the partial index from its first entry and stops at the first unclaimed row: no scan, however many
     * schedules exist (claimed rows are only those being fired right now). Claimed rows are left out, or the
     * loop would spin on a timer another node holds.
     */
    @Override
    public Optional<Instant> nextFireAt(Instant now) {
        return reads.queryOne("SELECT next_fire_at FROM schedules WHERE paused = 0 AND next_fire_at IS NOT NULL "
                + "AND (claim_until IS NULL OR claim_until < ?) ORDER BY next_fire_at LIMIT 1",
                row -> row.instant("next_fire_at"), now);
    }

    private static ScheduleState state(Row r) throws SQLException {
        return new ScheduleState(r.string("id"), r.string("team"), r.string("workflow_id"), r.integer("idx"),
                r.json("spec"), r.integer("paused") != 0, r.instant("next_fire_at"), r.instant("last_slot"),
                r.instant("last_fired_at"), r.string("last_execution_id"), r.nullableLong("last_lateness_ms"),
                r.longValue("fired"), r.longValue("missed"), r.longValue("skipped"), r.longValue("version"));
    }
}
