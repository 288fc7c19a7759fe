package io.flowgate.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.store.RetentionStore.Kind;
import io.flowgate.store.RetentionStore.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What happens to the SQLite file when history is pruned (docs/operations.md#retention): the freed pages go to the
 * file's free list and the next writes take them, so a window that is pruned and filled again, round after round,
 * leaves the file at the size of one window instead of growing with every round.
 */
class SqliteRetentionSpaceTest {
    static final int PER_ROUND = 3000;
    static final String CONTEXT = "{\"trigger\":{\"body\":\"" + "x".repeat(2000) + "\"}}";

    @TempDir
    Path dir;

    @Test
    void a_pruned_and_refilled_window_reuses_the_freed_pages() throws Exception {
        Path file = dir.resolve("flowgate.db");
        try (Database db = Database.open("jdbc:sqlite:" + file)) {
            JdbcRetentionStore retention = new JdbcRetentionStore(db, new JdbcEventStore(db));
            Instant t = Instant.parse("2026-01-01T00:00:00Z");
            fill(db, 0, t);
            long afterFirst = settledSize(file);
            for (int round = 1; round <= 3; round++) {
                Instant bound = t.plus(Duration.ofDays(round));
                int pruned = 0;
                int n;
                do {
                    n = retention.prune(Kind.EXECUTIONS, bound, Scope.allExcept(List.of()), 500);
                    pruned += n;
                } while (n > 0);
                assertThat(pruned).isEqualTo(PER_ROUND);
                assertThat(freePages(db)).as("pages freed by round %d", round).isPositive();
                fill(db, round, bound);
            }
            long afterFourth = settledSize(file);
            // Four windows were written; the file holds one (a little slack for index pages splitting differently).
            assertThat(afterFourth).as("bytes after 4 windows vs 1").isLessThan(afterFirst + afterFirst / 5);
        }
    }

    /**
     * Each batch's pick walks the age index from the oldest row and stops at the limit. Without the hint SQLite's
     * planner (no statistics) took the status index, which every finished row matches, and sorted them all for
     * each batch of 500: 0.15-0.3 s per batch at 400,000 rows, so at a high rate pruning fell further behind
     * (docs/reliability.md#soak).
     */
    @Test
    void each_pick_walks_the_age_index_instead_of_sorting_every_finished_row() {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("flowgate.db"))) {
            JdbcRetentionStore retention = new JdbcRetentionStore(db, new JdbcEventStore(db));
            Scope scope = Scope.allExcept(List.of(new io.flowgate.store.RetentionStore.WorkflowKey("t", "w")));
            assertThat(plan(db, retention.pickExecutions(scope, new ArrayList<>())))
                    .contains("USING INDEX executions_ended (ended_at<?)").doesNotContain("TEMP B-TREE");
            assertThat(plan(db, retention.pickDeliveries(scope, new ArrayList<>())))
                    .contains("USING INDEX deliveries_updated (updated_at<?)").doesNotContain("TEMP B-TREE");
        }
    }

    /**
     * Each batch then takes its rows again by primary key. With 500 keys and {@code status IN (…)} beside them the
     * planner walked the status index over every finished row instead: 22 of the 28 ms a batch took in the soak.
     */
    @Test
    void each_batch_takes_its_rows_by_primary_key() {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("flowgate.db"))) {
            JdbcRetentionStore retention = new JdbcRetentionStore(db, new JdbcEventStore(db));
            assertThat(plan(db, retention.takeExecutions(500)))
                    .contains("USING INDEX sqlite_autoindex_executions_1 (id=?)").doesNotContain("status");
            assertThat(plan(db, retention.takeDeliveries(500)))
                    .contains("USING INDEX sqlite_autoindex_deliveries_1 (id=?)").doesNotContain("status");
        }
    }

    private static String plan(Database db, String sql) {
        int marks = (int) sql.chars().filter(c -> c == '?').count();
        return String.join("\n", db.reads().query("EXPLAIN QUERY PLAN " + sql, r -> r.string("detail"),
                java.util.Collections.nCopies(marks, (Object) 0L).toArray()));
    }

    /** One window: PER_ROUND finished executions of about 2 KB each, ended just after {@code at}. */
    private static void fill(Database db, int round, Instant at) {
        for (int chunk = 0; chunk < PER_ROUND; chunk += 500) {
            List<Object[]> rows = new ArrayList<>();
            for (int i = chunk; i < chunk + 500; i++) {
                rows.add(new Object[] {"r" + round + "-" + i, CONTEXT, at.plusMillis(i)});
            }
            db.writes().write(tx -> {
                tx.batch("INSERT INTO executions (id, team, workflow_id, revision, trig, status, context, created_at,"
                        + " ended_at, version) VALUES (?, 'default', 'orders', 1, 'manual', 'completed', ?, 0, ?, 0)",
                        rows);
                return null;
            });
        }
    }

    private static int freePages(Database db) {
        return db.reads().queryOne("PRAGMA freelist_count", r -> r.integer("freelist_count")).orElseThrow();
    }

    /** The main file's size once the WAL is checkpointed into it. */
    private static long settledSize(Path file) throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
             var s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        return Files.size(file);
    }
}
