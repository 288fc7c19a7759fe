package io.flowgate.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Json;
import io.flowgate.store.EventStore.StoredEvent;
import io.flowgate.store.RetentionStore.Kind;
import io.flowgate.store.RetentionStore.Scope;
import io.flowgate.store.RetentionStore.WorkflowKey;
import io.flowgate.store.WebhookStore.RequestEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link JdbcRetentionStore}: what goes (finished, final, processed, old) and what stays (anything an unfinished
 * execution still needs, anything newer than the bound), batches, scopes, and two nodes pruning at once.
 */
abstract class RetentionStoreContract extends DatabaseContract {
    static final Instant OLD = T0.minus(Duration.ofDays(40));
    static final Instant BEFORE = T0.minus(Duration.ofDays(30));
    static final Scope ALL = Scope.allExcept(List.of());

    JdbcEventStore events;
    JdbcWebhookStore hooks;
    JdbcRetentionStore retention;

    @BeforeEach
    void createStores() {
        events = new JdbcEventStore(db);
        hooks = new JdbcWebhookStore(db);
        retention = new JdbcRetentionStore(db, events);
    }

    void execution(String id, String workflow, String status, Instant endedAt, String parent) {
        db.writes().write(tx -> tx.execute("INSERT INTO executions (id, team, workflow_id, revision, trig, status, "
                + "created_at, ended_at, parent_id, version) VALUES (?, 'default', ?, 1, 'manual', ?, ?, ?, ?, 0)",
                id, workflow, status, OLD.minus(Duration.ofDays(1)), endedAt, parent));
        db.writes().write(tx -> tx.execute("INSERT INTO steps (execution_id, step_id, ord, status, attempt) "
                + "VALUES (?, 'a', 1, 'completed', 1)", id));
        db.writes().write(tx -> tx.execute("INSERT INTO step_waits (execution_id, step_id, team, workflow_id, kind, "
                + "attempt, created_at) VALUES (?, 'a', 'default', ?, 'approval', '1', ?)", id, workflow, OLD));
    }

    void delivery(String id, String executionId, String status, Instant updatedAt) {
        db.writes().write(tx -> tx.execute("INSERT INTO deliveries (id, team, workflow_id, execution_id, event, url, "
                + "endpoint, config, payload, status, attempts, round_attempts, created_at, updated_at) VALUES (?, "
                + "'default', 'orders', ?, 'step.completed', 'http://x/y', 'http://x', '{}', '{}', ?, 1, 1, ?, ?)",
                id, executionId, status, updatedAt, updatedAt));
        db.writes().write(tx -> tx.execute("INSERT INTO delivery_attempts (delivery_id, n, at, latency_ms) "
                + "VALUES (?, 1, ?, 5)", id, updatedAt));
    }

    int count(String sql, Object... params) {
        return db.reads().queryOne(sql, r -> r.integer("n"), params).orElseThrow();
    }

    List<String> executionIds() {
        return db.reads().query("SELECT id FROM executions ORDER BY id", r -> r.string("id"));
    }

    @Test
    void finished_executions_past_the_bound_go_with_their_steps_and_waits_and_nothing_a_run_still_needs() {
        execution("done", "orders", "completed", OLD, null);
        execution("failed", "orders", "failure", OLD, null);
        execution("cancelled", "orders", "cancelled", OLD, null);
        execution("recent", "orders", "completed", T0, null);
        execution("running", "orders", "inProgress", null, null);
        execution("waiting", "orders", "waiting", null, null);
        execution("child-of-waiting", "orders", "completed", OLD, "waiting"); // the parent reads its outputs
        execution("child-of-done", "orders", "completed", OLD, "done");

        assertThat(retention.prune(Kind.EXECUTIONS, BEFORE, ALL, 100)).isEqualTo(4);

        assertThat(executionIds()).containsExactly("child-of-waiting", "recent", "running", "waiting");
        assertThat(count("SELECT COUNT(*) AS n FROM steps")).isEqualTo(4);
        assertThat(count("SELECT COUNT(*) AS n FROM step_waits")).isEqualTo(4);
        assertThat(retention.prune(Kind.EXECUTIONS, BEFORE, ALL, 100)).isZero();
    }

    @Test
    void pruning_goes_a_batch_at_a_time_oldest_first() {
        for (int i = 0; i < 5; i++) {
            execution("e" + i, "orders", "completed", OLD.plusSeconds(i), null);
        }
        assertThat(retention.prune(Kind.EXECUTIONS, BEFORE, ALL, 2)).isEqualTo(2);
        assertThat(executionIds()).containsExactly("e2", "e3", "e4");
        assertThat(retention.prune(Kind.EXECUTIONS, BEFORE, ALL, 2)).isEqualTo(2);
        assertThat(retention.prune(Kind.EXECUTIONS, BEFORE, ALL, 2)).isEqualTo(1);
        assertThat(executionIds()).isEmpty();
    }

    @Test
    void a_scope_limits_pruning_to_one_workflow_or_leaves_workflows_out() {
        execution("o1", "orders", "completed", OLD, null);
        execution("b1", "billing", "completed", OLD, null);
        execution("s1", "shipping", "completed", OLD, null);
        WorkflowKey billing = new WorkflowKey("default", "billing");

        assertThat(retention.prune(Kind.EXECUTIONS, BEFORE, Scope.allExcept(List.of(billing)), 100)).isEqualTo(2);
        assertThat(executionIds()).containsExactly("b1");
        assertThat(retention.prune(Kind.EXECUTIONS, BEFORE, Scope.of(new WorkflowKey("other", "billing")), 100))
                .isZero();
        assertThat(retention.prune(Kind.EXECUTIONS, BEFORE, Scope.of(billing), 100)).isEqualTo(1);
    }

    @Test
    void only_final_deliveries_of_finished_runs_go_with_their_attempts() {
        execution("done", "orders", "completed", OLD, null);
        execution("running", "orders", "inProgress", null, null);
        delivery("delivered", "done", "delivered", OLD);
        delivery("dead", "done", "dead", OLD);
        delivery("pending", "done", "pending", OLD);
        delivery("recent", "done", "delivered", T0);
        delivery("of-running", "running", "delivered", OLD);
        delivery("of-pruned", "gone", "dead", OLD);

        assertThat(retention.prune(Kind.DELIVERIES, BEFORE, ALL, 100)).isEqualTo(3);

        assertThat(db.reads().query("SELECT id FROM deliveries ORDER BY id", r -> r.string("id")))
                .containsExactly("of-running", "pending", "recent");
        assertThat(count("SELECT COUNT(*) AS n FROM delivery_attempts")).isEqualTo(3);
    }

    @Test
    void request_log_entries_go_by_age() {
        hooks.log(new RequestEntry("r-old", "default", "orders", OLD, "POST", "/h", null, "{}", 202, null));
        hooks.log(new RequestEntry("r-new", "default", "orders", T0, "POST", "/h", null, "{}", 202, null));
        hooks.log(new RequestEntry("r-billing", "default", "billing", OLD, "POST", "/h", null, "{}", 401, null));

        assertThat(retention.prune(Kind.REQUESTS, BEFORE, Scope.of(new WorkflowKey("default", "orders")), 100))
                .isEqualTo(1);
        assertThat(retention.prune(Kind.REQUESTS, BEFORE, ALL, 100)).isEqualTo(1);
        assertThat(db.reads().query("SELECT id FROM webhook_requests", r -> r.string("id"))).containsExactly("r-new");
    }

    @Test
    void processed_events_go_by_the_node_retention_only() {
        JsonNode doc = Json.read("{\"id\":\"x\"}");
        String oldSeq = String.format("%012x%012x", OLD.toEpochMilli(), 1);
        String pendingSeq = String.format("%012x%012x", OLD.toEpochMilli(), 2);
        events.accept(List.of(new StoredEvent(oldSeq, "/s", "a", "t", null, doc, OLD, null, null, null, OLD),
                new StoredEvent(pendingSeq, "/s", "b", "t", null, doc, OLD, null, null, null, null)));

        assertThat(retention.prune(Kind.EVENTS, BEFORE, Scope.of(new WorkflowKey("default", "orders")), 100)).isZero();
        assertThat(retention.prune(Kind.EVENTS, BEFORE, ALL, 100)).isEqualTo(1);
        assertThat(events.recent("t", 10)).extracting(StoredEvent::id).containsExactly("b");
    }

    @Test
    void two_nodes_pruning_at_once_delete_each_row_once_and_fail_nothing() throws Exception {
        int n = 300;
        db.writes().write(tx -> {
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                rows.add(new Object[] {String.format("e%04d", i), OLD.plusMillis(i)});
            }
            tx.batch("INSERT INTO executions (id, team, workflow_id, revision, trig, status, created_at, ended_at, "
                    + "version) VALUES (?, 'default', 'orders', 1, 'manual', 'completed', 0, ?, 0)", rows);
            return null;
        });
        // SQLite is one node (one process owns the file): there, two threads of it prune at once.
        boolean sqlite = db.dialect() == Dialect.SQLITE;
        try (Database other = sqlite ? null : openAnotherNode(); ExecutorService pool = Executors.newFixedThreadPool(2)) {
            JdbcRetentionStore second = sqlite ? new JdbcRetentionStore(db, events)
                    : new JdbcRetentionStore(other, new JdbcEventStore(other));
            List<Future<Integer>> runs = new ArrayList<>();
            for (JdbcRetentionStore node : List.of(retention, second)) {
                runs.add(pool.submit((Callable<Integer>) () -> {
                    int total = 0;
                    int k;
                    do {
                        k = node.prune(Kind.EXECUTIONS, BEFORE, ALL, 20);
                        total += k;
                    } while (k > 0);
                    return total;
                }));
            }
            int deleted = 0;
            for (Future<Integer> f : runs) {
                deleted += f.get();
            }
            // Each delete is counted by the node whose unit took the row, so the sum is exact.
            assertThat(deleted).isEqualTo(n);
        }
        assertThat(executionIds()).isEmpty();
    }
}
