package io.flowgate.store.jdbc;

import static io.flowgate.store.jdbc.Fixtures.execution;
import static io.flowgate.store.jdbc.Fixtures.json;
import static io.flowgate.store.jdbc.Fixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowgate.core.TriggerKind;
import io.flowgate.engine.Execution;
import io.flowgate.engine.ExecutionStatus;
import io.flowgate.engine.StepRun;
import io.flowgate.engine.StepStatus;
import io.flowgate.store.Transition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;



/** {@link io.flowgate.store.ExecutionStore}: rows, transitions and their guards, claiming and leases. */
abstract class ExecutionStoreContract extends DatabaseContract {
    static final Instant LEASE = T0.plusSeconds(30);
    JdbcExecutionStore store;

    @BeforeEach
    void createStore() {
        store = new JdbcExecutionStore(db);
    }

    @Test
    void inserted_execution_and_steps_round_trip_with_json_and_nulls() {
        Execution e = new Execution("e1", "team-a", "orders", 3, TriggerKind.MANUAL, ExecutionStatus.IN_PROGRESS,
                json("{\"inputs\":{\"x\":[1,2.5,\"three\",null,{\"deep\":true}]}}"), T0, T0.plusMillis(1), null,
                null, null, "parent-9", 0);
        StepRun done = new StepRun("e1", "fetch", 1, "Fetch", StepStatus.COMPLETED, 2, T0.plusMillis(2),
                T0.plusMillis(999), json("{\"status\":200,\"body\":{\"ok\":true,\"none\":null}}"), null, null,
                json("{\"child\":\"c1\"}"));
        StepRun waiting = new StepRun("e1", "sleep", 2, null, StepStatus.WAITING, 1, T0.plusMillis(3), null, null,
                "last attempt failed", T0.plusSeconds(60), null);
        store.insert(e, List.of(waiting, done), null, null);

        assertThat(store.find("e1")).contains(e);
        assertThat(store.steps("e1")).containsExactly(done, waiting);
        assertThat(store.find("nope")).isEmpty();
        assertThat(store.steps("nope")).isEmpty();
    }

    @Test
    void apply_by_owner_updates_the_row_bumps_the_version_and_upserts_steps() {
        Execution e = execution("e1", T0, ExecutionStatus.NOT_STARTED);
        store.insert(e, steps("e1"), "node-a", LEASE);
        Instant later = T0.plusSeconds(5);
        StepRun fetched = steps("e1").getFirst().startAttempt(later)
                .with(StepStatus.COMPLETED, later.plusMillis(7), json("{\"id\":42}"), null);
        StepRun extra = StepRun.notStarted("e1", "added", 3, "Added later");

        boolean applied = store.apply(Transition.byOwner("node-a", e.started(later), List.of(fetched, extra),
                LEASE.plusSeconds(5)));

        assertThat(applied).isTrue();
        Execution stored = store.find("e1").orElseThrow();
        assertThat(stored.status()).isEqualTo(ExecutionStatus.IN_PROGRESS);
        assertThat(stored.startedAt()).isEqualTo(later);
        assertThat(stored.version()).isEqualTo(1);
        assertThat(store.steps("e1")).containsExactly(fetched, steps("e1").get(1), extra);
    }

    @Test
    void apply_with_a_lost_lease_returns_false_and_writes_nothing() {
        Execution e = execution("e1", T0, ExecutionStatus.IN_PROGRESS);
        store.insert(e, steps("e1"), "node-a", LEASE);
        StepRun changed = steps("e1").getFirst().startAttempt(T0);

        boolean applied = store.apply(Transition.byOwner("node-b", e.ended(ExecutionStatus.COMPLETED, T0, null),
                List.of(changed), LEASE));

        assertThat(applied).isFalse();
        assertThat(store.find("e1")).contains(e);
        assertThat(store.steps("e1")).isEqualTo(steps("e1"));
        assertThat(claimIds("node-b", T0, LEASE, 10)).isEmpty();
    }

    @Test
    void apply_on_a_terminal_execution_returns_false_even_without_owner_guard() {
        Execution e = execution("e1", T0, ExecutionStatus.IN_PROGRESS);
        store.insert(e, steps("e1"), "node-a", LEASE);
        Execution cancelled = e.ended(ExecutionStatus.CANCELLED, T0.plusSeconds(1), null);
        assertThat(store.apply(new Transition("e1", null, cancelled, List.of(), null, null))).isTrue();

        boolean late = store.apply(Transition.byOwner("node-a", e.ended(ExecutionStatus.COMPLETED, T0, null),
                List.of(steps("e1").getFirst().startAttempt(T0)), LEASE));
        boolean again = store.apply(new Transition("e1", null, cancelled, List.of(), null, null));

        assertThat(late).isFalse();
        assertThat(again).isFalse();
        Execution stored = store.find("e1").orElseThrow();
        assertThat(stored.status()).isEqualTo(ExecutionStatus.CANCELLED);
        assertThat(stored.version()).isEqualTo(1);
        assertThat(store.steps("e1")).isEqualTo(steps("e1"));
    }

    @Test
    void a_cancel_without_expected_owner_wins_over_another_nodes_lease() {
        Execution e = execution("e1", T0, ExecutionStatus.IN_PROGRESS);
        store.insert(e, steps("e1"), "node-a", LEASE);
        StepRun cancelledStep = steps("e1").getFirst().with(StepStatus.CANCELLED, T0, null, null);

        boolean applied = store.apply(new Transition("e1", null, e.ended(ExecutionStatus.CANCELLED, T0, "by api"),
                List.of(cancelledStep), null, null));

        assertThat(applied).isTrue();
        assertThat(store.find("e1").orElseThrow().error()).isEqualTo("by api");
        assertThat(store.steps("e1").getFirst().status()).isEqualTo(StepStatus.CANCELLED);
        assertThat(store.renewLeases("node-a", LEASE.plusSeconds(30))).isZero();
    }

    @Test
    void a_transition_without_a_new_row_only_moves_the_lease() {
        Execution e = execution("e1", T0, ExecutionStatus.IN_PROGRESS);
        store.insert(e, List.of(), "node-a", LEASE);

        assertThat(store.apply(new Transition("e1", "node-a", null, List.of(), null, null))).isTrue();

        Execution stored = store.find("e1").orElseThrow();
        assertThat(stored.status()).isEqualTo(ExecutionStatus.IN_PROGRESS);
        assertThat(stored.version()).isEqualTo(1);
        assertThat(claimIds("node-b", T0, LEASE, 10)).containsExactly("e1");
    }

    @Test
    void an_owner_without_a_lease_end_is_refused() {
        Execution e = execution("e1", T0, ExecutionStatus.NOT_STARTED);

        assertThatThrownBy(() -> store.insert(e, List.of(), "node-a", null)).isInstanceOf(IllegalArgumentException.class);
        store.insert(e, List.of(), null, null);
        assertThatThrownBy(() -> store.apply(new Transition("e1", null, null, List.of(), "node-a", null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.find("e1").orElseThrow().version()).isZero();
    }

    @Test
    void claim_takes_unowned_and_expired_work_but_not_live_leases_or_terminal_rows() {
        store.insert(execution("unowned", T0, ExecutionStatus.NOT_STARTED), List.of(), null, null);
        store.insert(execution("expired", T0.plusMillis(1), ExecutionStatus.IN_PROGRESS), List.of(), "dead",
                T0.minusMillis(1));
        store.insert(execution("live", T0.plusMillis(2), ExecutionStatus.IN_PROGRESS), List.of(), "node-a", LEASE);
        store.insert(execution("done", T0.plusMillis(3), ExecutionStatus.COMPLETED), List.of(), null, null);

        List<String> claimed = claimIds("node-b", T0, T0.plusSeconds(30), 10);

        assertThat(claimed).containsExactlyInAnyOrder("unowned", "expired");
        assertThat(store.find("unowned").orElseThrow().version()).isEqualTo(1);
        assertThat(claimIds("node-c", T0, T0.plusSeconds(30), 10)).isEmpty();
        assertThat(claimIds("node-c", T0.plusSeconds(31), T0.plusSeconds(60), 10))
                .containsExactlyInAnyOrder("unowned", "expired", "live");
    }

    @Test
    void claim_takes_waiting_executions_only_once_due() {
        Execution due = execution("due", T0, ExecutionStatus.IN_PROGRESS).waiting(T0);
        Execution later = execution("later", T0, ExecutionStatus.IN_PROGRESS).waiting(T0.plusSeconds(10));
        Execution forEvent = execution("event", T0, ExecutionStatus.IN_PROGRESS).waiting(null);
        for (Execution e : List.of(due, later, forEvent)) {
            store.insert(e, List.of(), null, null);
        }

        assertThat(claimIds("node-a", T0, LEASE, 10)).containsExactly("due");
        assertThat(store.claimOne("later", "node-a", T0, LEASE)).isFalse();
        assertThat(store.claimOne("later", "node-a", T0.plusSeconds(10), LEASE)).isTrue();
        // "due" and "later" are now leased; "event" waits for something other than time.
        assertThat(claimIds("node-b", T0.plusSeconds(20), LEASE, 10)).isEmpty();
    }

    @Test
    void claim_returns_at_most_limit_oldest_first() {
        for (int i = 0; i < 5; i++) {
            store.insert(execution("e" + i, T0.plusMillis(10 - i), ExecutionStatus.NOT_STARTED), List.of(), null, null);
        }

        assertThat(claimIds("node-a", T0, LEASE, 2)).containsExactlyInAnyOrder("e4", "e3");
        assertThat(claimIds("node-a", T0, LEASE, 0)).isEmpty();
    }

    @Test
    void claim_one_takes_only_a_claimable_execution() {
        store.insert(execution("e1", T0, ExecutionStatus.NOT_STARTED), List.of(), null, null);

        assertThat(store.claimOne("e1", "node-a", T0, LEASE)).isTrue();
        assertThat(store.claimOne("e1", "node-b", T0, LEASE)).isFalse();
        assertThat(store.claimOne("missing", "node-b", T0, LEASE)).isFalse();
        assertThat(store.apply(new Transition("e1", "node-a", null, List.of(), "node-a", LEASE))).isTrue();
    }

    @Test
    void renew_leases_extends_only_the_owners_unfinished_work() {
        store.insert(execution("mine", T0, ExecutionStatus.IN_PROGRESS), List.of(), "node-a", LEASE);
        store.insert(execution("theirs", T0, ExecutionStatus.IN_PROGRESS), List.of(), "node-b", LEASE);

        assertThat(store.renewLeases("node-a", LEASE.plusSeconds(60))).isEqualTo(1);

        Instant afterFirstLease = LEASE.plusSeconds(1);
        assertThat(claimIds("node-c", afterFirstLease, afterFirstLease.plusSeconds(30), 10))
                .containsExactly("theirs");
    }

    @Test
    void release_all_lets_other_nodes_claim_at_once() {
        store.insert(execution("a1", T0, ExecutionStatus.IN_PROGRESS), List.of(), "node-a", LEASE);
        store.insert(execution("a2", T0, ExecutionStatus.NOT_STARTED), List.of(), "node-a", LEASE);
        store.insert(execution("b1", T0, ExecutionStatus.IN_PROGRESS), List.of(), "node-b", LEASE);

        assertThat(store.releaseAll("node-a")).isEqualTo(2);

        assertThat(claimIds("node-c", T0, LEASE, 10)).containsExactlyInAnyOrder("a1", "a2");
    }

    @Test
    void next_wake_at_is_the_earliest_waiting_execution() {
        assertThat(store.nextWakeAt()).isEmpty();
        store.insert(execution("w1", T0, ExecutionStatus.IN_PROGRESS).waiting(T0.plusSeconds(50)), List.of(), null, null);
        store.insert(execution("w2", T0, ExecutionStatus.IN_PROGRESS).waiting(T0.plusMillis(20_001)), List.of(), null,
                null);
        store.insert(execution("w3", T0, ExecutionStatus.IN_PROGRESS).waiting(null), List.of(), null, null);
        store.insert(execution("run", T0, ExecutionStatus.IN_PROGRESS), List.of(), null, null);

        assertThat(store.nextWakeAt()).contains(T0.plusMillis(20_001));
    }

    @Test
    void count_active_counts_every_unfinished_execution() {
        int i = 0;
        for (ExecutionStatus s : ExecutionStatus.values()) {
            store.insert(execution("e" + i++, T0, s), List.of(), null, null);
        }

        assertThat(store.countActive()).isEqualTo(3);
    }

    @Test
    void leases_and_timestamps_keep_millisecond_precision() {
        Instant lease = T0.plusMillis(1);
        store.insert(execution("e1", T0, ExecutionStatus.IN_PROGRESS), List.of(), "node-a", lease);

        assertThat(claimIds("node-b", lease, LEASE, 10)).isEmpty();
        assertThat(claimIds("node-b", lease.plusMillis(1), LEASE, 10)).containsExactly("e1");
        assertThat(store.find("e1").orElseThrow().createdAt()).isEqualTo(T0);
    }

    /** Ids of what {@code node} claims. */
    private List<String> claimIds(String node, java.time.Instant now, java.time.Instant leaseUntil, int limit) {
        return store.claim(node, now, leaseUntil, limit).stream().map(io.flowgate.store.ExecutionStore.Claimed::id)
                .toList();
    }
}
