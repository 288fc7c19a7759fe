package io.flowgate.store.jdbc;

import static io.flowgate.store.jdbc.DeliveryStoreContract.outbox;
import static io.flowgate.store.jdbc.EventStoreContract.event;
import static io.flowgate.store.jdbc.EventStoreContract.seq;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.cluster.Liveness;
import io.flowgate.cluster.LostLeases;
import io.flowgate.cluster.MembershipListener;
import io.flowgate.core.Json;
import io.flowgate.core.LeaseLoss;
import io.flowgate.core.LeaseOwner;
import io.flowgate.core.TriggerKind;
import io.flowgate.engine.Execution;
import io.flowgate.engine.ExecutionStatus;
import io.flowgate.engine.StepRun;
import io.flowgate.engine.StepStatus;
import io.flowgate.store.DeliveryAttempt;
import io.flowgate.store.DeliveryStatus;
import io.flowgate.store.DeliveryStore;
import io.flowgate.store.NodeStore;
import io.flowgate.store.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link NodeStore} and epoch fencing at the store: a writer whose lease another node took over, or that
 * writes with the token of an earlier life of its node id, is refused in the statement that writes.
 */
abstract class NodeStoreContract extends DatabaseContract {
    static final Duration LEASE = Duration.ofSeconds(15);

    JdbcNodeStore nodes;
    JdbcExecutionStore executions;
    JdbcDeliveryStore deliveries;
    JdbcEventStore events;
    final List<LeaseLoss.Kind> lost = new ArrayList<>();
    final MembershipListener counting = new MembershipListener() {
        @Override
        public void leaseLost(LeaseLoss.Kind kind) {
            lost.add(kind);
        }
    };

    @BeforeEach
    void createStores() {
        nodes = new JdbcNodeStore(db);
        executions = new JdbcExecutionStore(db);
        deliveries = new JdbcDeliveryStore(db);
        events = new JdbcEventStore(db);
    }

    LeaseOwner join(String id, Instant at) {
        return nodes.join(id, "http://" + id + ":8080", "1.2.3", LEASE, at).owner();
    }

    Execution running(String id, String owner, Instant leaseUntil) {
        Execution e = new Execution(id, "default", "orders", 1, TriggerKind.MANUAL, ExecutionStatus.IN_PROGRESS,
                Json.object(), T0, T0, null, null, null, null, 0);
        executions.insert(e, List.of(StepRun.notStarted(id, "a", 1, "A")), owner, leaseUntil);
        return e;
    }

    static StepRun done(String executionId) {
        return new StepRun(executionId, "a", 1, "A", StepStatus.COMPLETED, 1, T0, T0.plusMillis(5), Json.object(),
                null, null, null);
    }

    @Test
    void each_start_of_a_node_id_takes_the_next_epoch_and_sees_its_previous_life() {
        NodeStore.Joined first = nodes.join("node-a", "http://a:1", "1.0", LEASE, T0);
        NodeStore.Joined second = nodes.join("node-a", "http://a:2", "1.1", LEASE, T0.plusSeconds(5));

        assertThat(first.owner()).isEqualTo(new LeaseOwner("node-a", 1));
        assertThat(first.previous()).isEmpty();
        assertThat(second.owner()).isEqualTo(new LeaseOwner("node-a", 2));
        assertThat(second.previous().orElseThrow().address()).isEqualTo("http://a:1");
        assertThat(second.previous().orElseThrow().lastHeartbeat()).isEqualTo(T0);
        NodeStore.NodeRow row = nodes.list().getFirst();
        assertThat(row).isEqualTo(new NodeStore.NodeRow("node-a", 2, "http://a:2", "1.1", LEASE, T0.plusSeconds(5),
                T0.plusSeconds(5), null));
    }

    @Test
    void a_heartbeat_of_an_earlier_life_is_refused_and_a_stopped_node_is_not_alive_at_once() {
        LeaseOwner old = join("node-a", T0);
        LeaseOwner current = join("node-a", T0.plusSeconds(1));

        assertThat(nodes.beat(old, T0.plusSeconds(2))).as("the earlier life of the id").isFalse();
        assertThat(nodes.beat(current, T0.plusSeconds(2))).isTrue();
        assertThat(Liveness.alive(nodes.list().getFirst(), T0.plusSeconds(3))).isTrue();

        nodes.stopped(current, T0.plusSeconds(3));
        assertThat(Liveness.alive(nodes.list().getFirst(), T0.plusSeconds(3))).isFalse();
        assertThat(join("node-a", T0.plusSeconds(4)).epoch()).isEqualTo(3);
        assertThat(nodes.list().getFirst().stoppedAt()).as("a new start clears the stop").isNull();
    }

    @Test
    void a_writer_whose_lease_another_node_took_over_is_refused_and_counted_with_the_new_holder() {
        LeaseOwner a = join("node-a", T0);
        LeaseOwner b = join("node-b", T0);
        running("e1", a.toString(), T0.plusSeconds(15));
        Instant afterLease = T0.plusSeconds(16); // node-a was paused past its lease
        assertThat(executions.claim(b.toString(), afterLease, afterLease.plusSeconds(15), 10))
                .extracting(c -> c.id()).containsExactly("e1");

        // node-a wakes up: both forms of guarded write (steps only, and the execution row) are refused.
        assertThat(executions.apply(new Transition("e1", a.toString(), null, List.of(done("e1")), a.toString(),
                afterLease.plusSeconds(15), List.of()))).isFalse();
        Execution ended = executions.find("e1").orElseThrow().ended(ExecutionStatus.COMPLETED, afterLease, null);
        assertThat(executions.apply(new Transition("e1", a.toString(), ended, List.of(done("e1")), null, null,
                List.of()))).isFalse();
        assertThat(executions.find("e1").orElseThrow().status()).isEqualTo(ExecutionStatus.IN_PROGRESS);
        assertThat(executions.steps("e1").getFirst().status()).isEqualTo(StepStatus.NOT_STARTED);

        new LostLeases(nodes, a, counting).lost(LeaseLoss.Kind.EXECUTION, "e1");
        assertThat(lost).containsExactly(LeaseLoss.Kind.EXECUTION);
        assertThat(nodes.holder(LeaseLoss.Kind.EXECUTION, "e1")).contains("node-b#1");
        assertThat(executions.apply(new Transition("e1", b.toString(), null, List.of(done("e1")), b.toString(),
                afterLease.plusSeconds(15), List.of()))).as("the new holder writes").isTrue();
    }

    @Test
    void a_restarted_node_cannot_write_with_its_earlier_token_and_its_earlier_rows_are_free_at_once() {
        LeaseOwner before = join("node-a", T0);
        LeaseOwner other = join("node-b", T0);
        running("e1", before.toString(), T0.plusSeconds(15));
        running("e2", other.toString(), T0.plusSeconds(15));
        running("e3", "node-a", T0.plusSeconds(15)); // written before epochs existed
        running("e4", "node-ab#1", T0.plusSeconds(15)); // another node whose id starts the same way
        executions.apply(new Transition("e1", before.toString(), null, List.of(done("e1")), before.toString(),
                T0.plusSeconds(15), List.of(outbox("msg_1", "e1", "http://h:80", T0))));
        deliveries.claim(before.toString(), T0, T0.plusSeconds(15), 10, List.of());
        events.accept(List.of(event(seq(T0, 1), "x", "t", T0)));
        events.claimPending(before.toString(), T0, T0.plusSeconds(15), 10);

        LeaseOwner after = join("node-a", T0.plusSeconds(1));
        NodeStore.Released released = nodes.releaseEarlierLives(after);

        assertThat(released).isEqualTo(new NodeStore.Released(2, 1, 1));
        assertThat(nodes.holder(LeaseLoss.Kind.EXECUTION, "e1")).isEmpty();
        assertThat(nodes.holder(LeaseLoss.Kind.EXECUTION, "e2")).contains("node-b#1");
        assertThat(nodes.holder(LeaseLoss.Kind.EXECUTION, "e4")).contains("node-ab#1");
        Instant now = T0.plusSeconds(2); // well before the old lease would have expired
        assertThat(executions.claim(after.toString(), now, now.plusSeconds(15), 10)).extracting(c -> c.id())
                .containsExactlyInAnyOrder("e1", "e3");
        assertThat(executions.apply(new Transition("e1", before.toString(), null, List.of(done("e1")),
                before.toString(), now.plusSeconds(15), List.of()))).as("the earlier life's token").isFalse();
        assertThat(deliveries.claim(after.toString(), now, now.plusSeconds(15), 10, List.of())).hasSize(1);
        assertThat(events.claimPending(after.toString(), now, now.plusSeconds(15), 10)).hasSize(1);
    }

    @Test
    void a_late_delivery_result_and_a_late_event_mark_are_refused_after_a_takeover() {
        LeaseOwner a = join("node-a", T0);
        LeaseOwner b = join("node-b", T0);
        running("e1", a.toString(), T0.plusSeconds(15));
        executions.apply(new Transition("e1", a.toString(), null, List.of(done("e1")), a.toString(),
                T0.plusSeconds(15), List.of(outbox("msg_1", "e1", "http://h:80", T0))));
        deliveries.claim(a.toString(), T0, T0.plusSeconds(15), 10, List.of());
        events.accept(List.of(event(seq(T0, 1), "x", "t", T0)));
        events.claimPending(a.toString(), T0, T0.plusSeconds(15), 10);
        Instant afterLease = T0.plusSeconds(16);
        assertThat(deliveries.claim(b.toString(), afterLease, afterLease.plusSeconds(15), 10, List.of())).hasSize(1);
        assertThat(events.claimPending(b.toString(), afterLease, afterLease.plusSeconds(15), 10)).hasSize(1);

        DeliveryAttempt ok = new DeliveryAttempt(1, afterLease, 200, 5, "{}", null);
        DeliveryStore.Result late = new DeliveryStore.Result("msg_1", DeliveryStatus.DELIVERED, 1, 1, 200, null,
                null, ok);
        assertThat(deliveries.finish(a.toString(), late)).isFalse();
        assertThat(events.processed(a.toString(), List.of(seq(T0, 1)), afterLease, List.of()))
                .containsExactly(seq(T0, 1));
        LostLeases losses = new LostLeases(nodes, a, counting);
        losses.lost(LeaseLoss.Kind.DELIVERY, "msg_1");
        losses.lost(LeaseLoss.Kind.EVENT, seq(T0, 1));
        assertThat(lost).containsExactly(LeaseLoss.Kind.DELIVERY, LeaseLoss.Kind.EVENT);
        assertThat(nodes.holder(LeaseLoss.Kind.DELIVERY, "msg_1")).contains("node-b#1");
        assertThat(nodes.holder(LeaseLoss.Kind.EVENT, seq(T0, 1))).contains("node-b#1");

        assertThat(deliveries.finish(b.toString(), late)).isTrue();
        assertThat(events.processed(b.toString(), List.of(seq(T0, 1)), afterLease, List.of())).isEmpty();
    }

    @Test
    void held_rows_are_counted_per_owner_token_and_the_earliest_lease_end_is_found() {
        LeaseOwner a = join("node-a", T0);
        LeaseOwner b = join("node-b", T0);
        running("e1", a.toString(), T0.plusSeconds(15));
        running("e2", a.toString(), T0.plusSeconds(12));
        running("e3", b.toString(), T0.plusSeconds(15));
        Execution timer = Execution.deferredUntil(new Execution.Origin("t1", "default", "orders", 1,
                TriggerKind.SCHEDULE, Json.object(), null), T0, T0);
        executions.insert(timer, List.of(), null, null);
        assertThat(executions.claim(b.toString(), T0, T0.plusSeconds(9), 10)).extracting(c -> c.id())
                .containsExactly("t1");
        executions.apply(new Transition("e1", a.toString(), null, List.of(done("e1")), a.toString(),
                T0.plusSeconds(15), List.of(outbox("msg_1", "e1", "http://h:80", T0))));
        deliveries.claim(a.toString(), T0, T0.plusSeconds(20), 10, List.of());

        assertThat(nodes.held()).containsEntry("node-a#1", new NodeStore.Held(2, 0, 1))
                .containsEntry("node-b#1", new NodeStore.Held(1, 1, 0)).hasSize(2);
        assertThat(nodes.earliestLeaseEnd(a, Instant.EPOCH)).contains(T0.plusSeconds(12));
        assertThat(nodes.earliestLeaseEnd(a, T0.plusSeconds(12))).as("after an end").contains(T0.plusSeconds(15));
        assertThat(nodes.earliestLeaseEnd(a, T0.plusSeconds(20))).isEmpty();
        assertThat(nodes.earliestLeaseEnd(b, Instant.EPOCH)).contains(T0.plusSeconds(9));
        assertThat(nodes.earliestLeaseEnd(new LeaseOwner("node-c", 1), Instant.EPOCH)).isEmpty();
    }
}
