package io.flowgate.store.jdbc;

import io.flowgate.core.Json;
import io.flowgate.store.EventStore;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Accepted events (the outbox of the event intake) and the runs each started or resumed. */
public final class JdbcEventStore implements EventStore {
    private static final String COLUMNS = "seq, source, event_id, type, subject, document, received_at, team, "
            + "workflow_id, teams, processed_at";
    private static final String INSERT = "INSERT INTO events (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (source, event_id) DO NOTHING";

    private final JdbcHelper reads;
    private final GroupCommitter writes;
    private final Dialect dialect;

    public JdbcEventStore(Database db) {
        this.reads = db.reads();
        this.writes = db.writes();
        this.dialect = db.dialect();
    }

    @Override
    public Set<String> accept(List<StoredEvent> events) {
        if (events.isEmpty()) {
            return Set.of();
        }
        // Two nodes may accept the same (source, id) at once: a shared unit, inserting in one ascending order.
        List<StoredEvent> sorted = new ArrayList<>(events);
        sorted.sort(java.util.Comparator.comparing(StoredEvent::source).thenComparing(StoredEvent::id));
        // Serialised on the caller's thread: the single writer should only run SQL.
        List<Object[]> rows = new ArrayList<>(sorted.size());
        for (StoredEvent e : sorted) {
            rows.add(new Object[] {e.seq(), e.source(), e.id(), e.type(), e.subject(), Json.write(e.document()),
                    e.receivedAt(), e.team(), e.workflowId(), e.teams() == null ? null : Json.write(e.teams()),
                    e.processedAt()});
        }
        return writes.writeShared(tx -> {
            int[] counts = tx.batchCounts(INSERT, rows);
            Set<String> inserted = new HashSet<>();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    inserted.add(sorted.get(i).seq());
                }
            }
            if (!inserted.isEmpty()) {
                tx.signal(io.flowgate.store.Signal.of(io.flowgate.store.Signal.Kind.EVENT)); // other nodes' processors
            }
            return inserted;
        });
    }

    @Override
    public List<StoredEvent> claimPending(String node, Instant now, Instant claimUntil, int limit) {
        String sql = "UPDATE events SET claimed_by = ?, claim_until = ? WHERE seq IN (SELECT seq FROM events "
                + "WHERE processed_at IS NULL AND (claim_until IS NULL OR claim_until < ? OR claimed_by = ?) "
                + "ORDER BY seq LIMIT ?" + dialect.skipLocked() + ") RETURNING " + COLUMNS;
        List<StoredEvent> claimed = writes.write(tx -> tx.query(sql, JdbcEventStore::event, node, claimUntil, now,
                node, limit));
        return claimed.stream().sorted(java.util.Comparator.comparing(StoredEvent::seq)).toList();
    }

    @Override
    public List<String> processed(String owner, List<String> seqs, Instant at, List<EventRun> runs) {
        // Another node may process the same events once this node's claim ran out: one ascending order.
        List<Object[]> rows = runs.stream().sorted(java.util.Comparator.comparing(EventRun::seq)
                .thenComparing(EventRun::executionId)).map(r -> new Object[] {r.seq(), r.executionId(), r.kind()})
                .toList();
        List<String> ordered = LockOrder.ascending(seqs);
        List<Object[]> done = ordered.stream().map(s -> new Object[] {at, s, owner}).toList();
        return writes.writeShared(tx -> {
            tx.batch("INSERT INTO event_runs (seq, execution_id, kind) VALUES (?, ?, ?) "
                    + "ON CONFLICT (seq, execution_id) DO NOTHING", rows);
            int[] marked = tx.batchCounts("UPDATE events SET processed_at = ?, claimed_by = NULL, claim_until = NULL "
                    + "WHERE seq = ? AND claimed_by = ?", done);
            List<String> refused = new java.util.ArrayList<>();
            for (int i = 0; i < marked.length; i++) {
                if (marked[i] == 0) {
                    refused.add(ordered.get(i));
                }
            }
            return refused;
        });
    }

    @Override
    public int releaseClaims(String owner) {
        // Never waits (the lock rule of GroupCommitter): a row locked right now stays claimed until its claim ends.
        return writes.write(tx -> {
            int released = tx.execute("UPDATE events SET claimed_by = NULL, claim_until = NULL WHERE seq IN ("
                    + "SELECT seq FROM events WHERE claimed_by = ? AND processed_at IS NULL" + dialect.skipLocked()
                    + ")", owner);
            if (released > 0) {
                tx.signal(io.flowgate.store.Signal.of(io.flowgate.store.Signal.Kind.EVENT)); // others process them now
            }
            return released;
        });
    }

    @Override
    public int renewClaims(String owner, Instant claimUntil) {
        // Never waits (the lock rule of GroupCommitter): a row locked right now is renewed on the next beat.
        return writes.write(tx -> tx.execute("UPDATE events SET claim_until = ? WHERE seq IN (SELECT seq FROM events "
                + "WHERE claimed_by = ? AND processed_at IS NULL" + dialect.skipLocked() + ")", claimUntil, owner));
    }

    @Override
    public List<StoredEvent> recent(String type, int limit) {
        if (type == null) {
            return reads.query("SELECT " + COLUMNS + " FROM events ORDER BY seq DESC LIMIT ?",
                    JdbcEventStore::event, limit);
        }
        return reads.query("SELECT " + COLUMNS + " FROM events WHERE type = ? ORDER BY received_at DESC, seq DESC "
                + "LIMIT ?", JdbcEventStore::event, type, limit);
    }

    @Override
    public List<EventRun> runsOf(List<String> seqs) {
        if (seqs.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(seqs.size(), "?"));
        return reads.query("SELECT seq, execution_id, kind FROM event_runs WHERE seq IN (" + marks + ") "
                + "ORDER BY seq, execution_id", r -> new EventRun(r.string("seq"), r.string("execution_id"),
                r.string("kind")), seqs.toArray());
    }

    @Override
    public List<StoredEvent> since(String typePattern, Instant since, int limit) {
        return since(typePattern, since, "", List.of(), limit);
    }

    @Override
    public List<StoredEvent> since(String typePattern, Instant since, String path, String value, int limit) {
        return since(typePattern, since, " AND " + valueAt() + " = ?", List.of(jsonPath(path), value), limit);
    }

    private List<StoredEvent> since(String typePattern, Instant since, String filter, List<Object> filterArgs,
                                    int limit) {
        String order = " received_at >= ?" + filter + " ORDER BY received_at, seq LIMIT ?";
        List<Object> args = new java.util.ArrayList<>();
        String where;
        if (typePattern.equals("*")) {
            where = "";
        } else if (typePattern.endsWith(".*")) {
            String prefix = typePattern.substring(0, typePattern.length() - 1);
            args.add(prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
            where = " type LIKE ? ESCAPE '!' AND";
        } else {
            args.add(typePattern);
            where = " type = ? AND";
        }
        args.add(since);
        args.addAll(filterArgs);
        args.add(limit);
        return reads.query("SELECT " + COLUMNS + " FROM events WHERE" + where + order, JdbcEventStore::event,
                args.toArray());
    }

    /** The text at a path of the stored document: a string there compares equal to its value, as JSONata's =. */
    private String valueAt() {
        return dialect == Dialect.POSTGRESQL ? "(document::jsonb #>> string_to_array(?, '.'))"
                : "json_extract(document, ?)";
    }

    /** {@code data.orderId} as each dialect names it: PostgreSQL splits it, SQLite reads a quoted JSON path. */
    private String jsonPath(String dotted) {
        if (dialect == Dialect.POSTGRESQL) {
            return dotted;
        }
        StringBuilder path = new StringBuilder("$");
        for (String part : dotted.split("\\.")) {
            path.append(".\"").append(part).append('"');
        }
        return path.toString();
    }

    /** Seqs start with 12 hex digits of the arrival in epoch ms, so a time bound is a key range on the primary key. */
    @Override
    public int prune(Instant before, int limit) {
        String bound = String.format("%012x", before.toEpochMilli());
        List<String> old = reads.query("SELECT seq FROM events WHERE seq < ? AND processed_at IS NOT NULL ORDER BY seq "
                + "LIMIT ?", r -> r.string("seq"), bound, limit);
        if (old.isEmpty()) {
            return 0;
        }
        List<Object[]> rows = old.stream().map(s -> new Object[] {s}).toList();
        writes.writeShared(tx -> {
            tx.batch("DELETE FROM event_runs WHERE seq = ?", rows);
            tx.batch("DELETE FROM events WHERE seq = ? AND processed_at IS NOT NULL", rows);
            return null;
        });
        return old.size();
    }

    private static StoredEvent event(Row r) throws SQLException {
        return new StoredEvent(r.string("seq"), r.string("source"), r.string("event_id"), r.string("type"),
                r.string("subject"), r.json("document"), r.instant("received_at"), r.string("team"),
                r.string("workflow_id"), teams(r.string("teams")), r.instant("processed_at"));
    }

    /** The stored scope: a JSON array of team names, or NULL for every team. */
    private static List<String> teams(String stored) {
        if (stored == null) {
            return null;
        }
        List<String> teams = new ArrayList<>();
        Json.read(stored).forEach(t -> teams.add(t.asText()));
        return teams;
    }
}
