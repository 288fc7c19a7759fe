package io.flowgate.store.jdbc;

import static io.flowgate.store.jdbc.Fixtures.execution;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowgate.core.BadRequestException;
import io.flowgate.core.Page;
import io.flowgate.core.TriggerKind;
import io.flowgate.engine.Execution;
import io.flowgate.engine.ExecutionQuery;
import io.flowgate.engine.ExecutionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;




/** {@link io.flowgate.store.ExecutionStore#list} filters and cursors, and claims racing between nodes. */
abstract class ExecutionListingContract extends DatabaseContract {
    JdbcExecutionStore store;

    @BeforeEach
    void createStore() {
        store = new JdbcExecutionStore(db);
    }

    @Test
    void lists_newest_first_with_every_filter() {
        store.insert(execution("aa1", "orders", TriggerKind.WEBHOOK, T0, ExecutionStatus.COMPLETED), List.of(), null, null);
        store.insert(execution("ab2", "orders", TriggerKind.MANUAL, T0.plusSeconds(1), ExecutionStatus.FAILURE), List.of(),
                null, null);
        store.insert(execution("ba3", "invoices", TriggerKind.WEBHOOK, T0.plusSeconds(2), ExecutionStatus.COMPLETED),
                List.of(), null, null);
        Execution otherTeam = execution("bb4", "orders", TriggerKind.WEBHOOK, T0.plusSeconds(3), ExecutionStatus.COMPLETED);
        store.insert(new Execution("bb4", "ops", "orders", 1, TriggerKind.WEBHOOK, ExecutionStatus.COMPLETED,
                otherTeam.context(), otherTeam.createdAt(), null, null, null, null, null, 0), List.of(), null, null);

        assertThat(ids(query(null, null, null, null, null, null, null))).containsExactly("bb4", "ba3", "ab2", "aa1");
        assertThat(ids(query("default", null, null, null, null, null, null))).containsExactly("ba3", "ab2", "aa1");
        assertThat(ids(query(null, "orders", null, null, null, null, null))).containsExactly("bb4", "ab2", "aa1");
        assertThat(ids(query(null, null, ExecutionStatus.FAILURE, null, null, null, null))).containsExactly("ab2");
        assertThat(ids(query(null, null, null, TriggerKind.WEBHOOK, null, null, null))).containsExactly("bb4", "ba3", "aa1");
        assertThat(ids(query(null, null, null, null, T0.plusSeconds(1), T0.plusSeconds(3), null)))
                .containsExactly("ba3", "ab2");
        assertThat(ids(query(null, null, null, null, null, null, "a"))).containsExactly("ab2", "aa1");
        assertThat(ids(query(null, null, null, null, null, null, "%"))).isEmpty();
        assertThat(ids(query("default", "orders", ExecutionStatus.COMPLETED, TriggerKind.WEBHOOK, T0, null, "aa")))
                .containsExactly("aa1");
    }

    @Test
    void pages_through_every_execution_once_with_the_cursor() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            // Pairs share a timestamp so that the id breaks ties.
            String id = "e" + i;
            store.insert(execution(id, T0.plusMillis(i / 2), ExecutionStatus.COMPLETED), List.of(), null, null);
            expected.addFirst(id);
        }

        Page<Execution> first = store.list(new ExecutionQuery(null, null, null, null, null, null, null, 3, null));
        Page<Execution> second = store.list(new ExecutionQuery(null, null, null, null, null, null, null, 3,
                first.next()));
        Page<Execution> third = store.list(new ExecutionQuery(null, null, null, null, null, null, null, 3,
                second.next()));

        assertThat(ids(first)).containsExactly("e7", "e6", "e5");
        assertThat(ids(second)).containsExactly("e4", "e3", "e2");
        assertThat(ids(third)).containsExactly("e1", "e0");
        assertThat(third.next()).isNull();
        List<String> all = new ArrayList<>(ids(first));
        all.addAll(ids(second));
        all.addAll(ids(third));
        assertThat(all).isEqualTo(expected);
    }

    @Test
    void a_full_last_page_has_no_next_cursor_and_limits_are_clamped() {
        for (int i = 0; i < 3; i++) {
            store.insert(execution("e" + i, T0.plusMillis(i), ExecutionStatus.COMPLETED), List.of(), null, null);
        }

        assertThat(store.list(new ExecutionQuery(null, null, null, null, null, null, null, 3, null)).next()).isNull();
        assertThat(store.list(new ExecutionQuery(null, null, null, null, null, null, null, 0, null)).items())
                .hasSize(3);
        assertThat(store.list(new ExecutionQuery(null, null, null, null, null, null, null, 100_000, null)).items())
                .hasSize(3);
    }

    @Test
    void a_cursor_the_server_did_not_issue_is_a_bad_request() {
        assertThatThrownBy(() -> store.list(new ExecutionQuery(null, null, null, null, null, null, null, 3, "%%%")))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> store.list(new ExecutionQuery(null, null, null, null, null, null, null, 3, "YWJj")))
                .isInstanceOf(BadRequestException.class);
    }

    @Test
    void two_nodes_claiming_at_once_never_get_the_same_execution() throws Exception {
        int executions = 300;
        for (int i = 0; i < executions; i++) {
            store.insert(execution(String.format("e%04d", i), T0.plusMillis(i), ExecutionStatus.NOT_STARTED),
                    List.of(), null, null);
        }
        ConcurrentLinkedQueue<String> claimed = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> claimers = new ArrayList<>();
        try (Database otherNode = openAnotherNode();
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<JdbcExecutionStore> nodes = List.of(store, new JdbcExecutionStore(otherNode));
            for (int t = 0; t < 8; t++) {
                String node = "node-" + (t % 2);
                JdbcExecutionStore nodeStore = nodes.get(t % 2);
                claimers.add(pool.submit(() -> {
                    go.await();
                    List<String> got;
                    do {
                        got = nodeStore.claim(node, T0, T0.plusSeconds(60), 7).stream()
                                .map(io.flowgate.store.ExecutionStore.Claimed::id).toList();
                        claimed.addAll(got);
                    } while (!got.isEmpty());
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : claimers) {
                f.get();
            }
        }

        assertThat(claimed).hasSize(executions).doesNotHaveDuplicates();
    }

    private Page<Execution> query(String team, String workflowId, ExecutionStatus status, TriggerKind trigger,
                                  Instant from, Instant to, String idPrefix) {
        return store.list(new ExecutionQuery(team, workflowId, status, trigger, from, to, idPrefix, 50, null));
    }

    private static List<String> ids(Page<Execution> page) {
        return page.items().stream().map(Execution::id).toList();
    }
}
