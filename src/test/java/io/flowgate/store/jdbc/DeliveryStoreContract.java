package io.flowgate.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.core.Json;
import io.flowgate.core.TriggerKind;
import io.flowgate.engine.Execution;
import io.flowgate.engine.ExecutionStatus;
import io.flowgate.engine.StepRun;
import io.flowgate.engine.StepStatus;
import io.flowgate.store.Delivery;
import io.flowgate.store.DeliveryAttempt;
import io.flowgate.store.DeliveryStatus;
import io.flowgate.store.DeliveryStore;
import io.flowgate.store.NewDelivery;
import io.flowgate.store.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;



/** {@link DeliveryStore}: the outbox written with a transition, claims with leases, attempts, redelivery. */
abstract class DeliveryStoreContract extends DatabaseContract {
    static final Instant LEASE = T0.plusSeconds(30);

    JdbcExecutionStore executions;
    JdbcDeliveryStore deliveries;

    @BeforeEach
    void createStores() {
        executions = new JdbcExecutionStore(db);
        deliveries = new JdbcDeliveryStore(db);
    }

    static NewDelivery outbox(String id, String executionId, String endpoint, Instant at) {
        return new NewDelivery(id, "default", "orders", executionId, "a", "hook", "step.completed", endpoint + "/x",
                endpoint, "{\"auth\":{\"type\":\"bearer\",\"token\":\"{{ secrets.T }}\"}}", "{\"event\":\"step.completed\"}",
                at);
    }

    Execution running(String id) {
        Execution e = new Execution(id, "default", "orders", 1, TriggerKind.MANUAL, ExecutionStatus.IN_PROGRESS, Json.object(),
                T0, T0, null, null, null, null, 0);
        executions.insert(e, List.of(StepRun.notStarted(id, "a", 1, "A")), "node-a", LEASE);
        return e;
    }

    StepRun done(String executionId) {
        return new StepRun(executionId, "a", 1, "A", StepStatus.COMPLETED, 1, T0, T0.plusMillis(5), Json.object(),
                null, null, null);
    }

    @Test
    void deliveries_are_written_with_the_transition_that_causes_them_and_not_without_it() {
        Execution e = running("e1");
        NewDelivery d = outbox("msg_1", "e1", "http://h1:80", T0);

        assertThat(executions.apply(new Transition("e1", "node-b", null, List.of(done("e1")), "node-b", LEASE,
                List.of(d)))).as("a lost lease writes nothing").isFalse();
        assertThat(deliveries.forExecution("e1")).isEmpty();

        assertThat(executions.apply(new Transition("e1", "node-a", null, List.of(done("e1")), "node-a", LEASE,
                List.of(d)))).isTrue();
        Delivery stored = deliveries.find("msg_1").orElseThrow();
        assertThat(stored.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(stored.nextAttemptAt()).isEqualTo(T0);
        assertThat(stored.createdAt()).isEqualTo(T0);
        assertThat(stored.config()).contains("{{ secrets.T }}");
        assertThat(stored.attempts()).isZero();

        assertThat(executions.apply(new Transition("e1", "node-a", e.ended(ExecutionStatus.COMPLETED, T0, null),
                List.of(), null, null, List.of(outbox("msg_2", "e1", "http://h1:80", T0))))).isTrue();
        assertThat(deliveries.forExecution("e1")).extracting(Delivery::id).containsExactly("msg_1", "msg_2");
    }

    @Test
    void claims_skip_busy_endpoints_and_held_rows_until_their_lease_expires() {
        running("e1");
        executions.apply(new Transition("e1", "node-a", null, List.of(done("e1")), "node-a", LEASE, List.of(
                outbox("msg_1", "e1", "http://slow:80", T0), outbox("msg_2", "e1", "http://fast:80", T0),
                outbox("msg_3", "e1", "http://fast:80", T0.plusSeconds(60)))));

        assertThat(deliveries.claim("w1", T0, T0.plusSeconds(60), 10, List.of("http://slow:80")))
                .extracting(Delivery::id).containsExactly("msg_2");
        assertThat(deliveries.claim("w2", T0, T0.plusSeconds(60), 10, List.of()))
                .extracting(Delivery::id).containsExactly("msg_1");
        assertThat(deliveries.claim("w2", T0.plusSeconds(30), T0.plusSeconds(90), 10, List.of())).isEmpty();
        assertThat(deliveries.nextDue()).contains(T0.plusSeconds(60));

        Instant expired = T0.plusSeconds(61);
        assertThat(deliveries.claim("w3", expired, expired.plusSeconds(60), 10, List.of()))
                .extracting(Delivery::id).containsExactlyInAnyOrder("msg_1", "msg_2", "msg_3");
    }

    @Test
    void finishing_records_the_attempt_only_for_the_holder_and_redelivery_restarts_the_round() {
        running("e1");
        executions.apply(new Transition("e1", "node-a", null, List.of(done("e1")), "node-a", LEASE,
                List.of(outbox("msg_1", "e1", "http://h:80", T0))));
        deliveries.claim("w1", T0, T0.plusSeconds(60), 10, List.of());
        DeliveryAttempt failed = new DeliveryAttempt(1, T0, 500, 12, "{\"error\":\"boom\"}", "HTTP 500");
        DeliveryStore.Result retry = new DeliveryStore.Result("msg_1", DeliveryStatus.PENDING, 1, 1, 500, "HTTP 500",
                T0.plusSeconds(5), failed);

        assertThat(deliveries.finish("w2", retry)).as("not the holder").isFalse();
        assertThat(deliveries.finish("w1", retry)).isTrue();
        Delivery d = deliveries.find("msg_1").orElseThrow();
        assertThat(d.attempts()).isEqualTo(1);
        assertThat(d.lastStatus()).isEqualTo(500);
        assertThat(d.nextAttemptAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(deliveries.attempts("msg_1")).containsExactly(failed);

        deliveries.claim("w1", T0.plusSeconds(5), T0.plusSeconds(65), 10, List.of());
        DeliveryAttempt dead = new DeliveryAttempt(2, T0.plusSeconds(5), null, 15000, null, "Timed out after PT15S");
        deliveries.finish("w1", new DeliveryStore.Result("msg_1", DeliveryStatus.DEAD, 2, 2, null, dead.error(), null,
                dead));
        assertThat(deliveries.list(new DeliveryStore.Query(null, null, "orders", DeliveryStatus.DEAD, 0)))
                .extracting(Delivery::id).containsExactly("msg_1");
        assertThat(deliveries.claim("w1", T0.plusSeconds(99), T0.plusSeconds(160), 10, List.of())).isEmpty();

        assertThat(deliveries.redeliver("msg_1", T0.plusSeconds(100))).isTrue();
        assertThat(deliveries.redeliver("msg_nope", T0)).isFalse();
        Delivery again = deliveries.claim("w1", T0.plusSeconds(100), T0.plusSeconds(160), 10, List.of()).getFirst();
        assertThat(again.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(again.roundAttempts()).isZero();
        assertThat(deliveries.attempts("msg_1")).hasSize(2);
    }

    @Test
    void two_nodes_claiming_at_once_never_get_the_same_delivery() throws Exception {
        running("e1");
        List<NewDelivery> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(outbox("msg_%03d".formatted(i), "e1", "http://h" + (i % 7) + ":80", T0));
        }
        executions.apply(new Transition("e1", "node-a", null, List.of(done("e1")), "node-a", LEASE, many));
        try (Database other = openAnotherNode()) {
            JdbcDeliveryStore second = new JdbcDeliveryStore(other);
            Set<String> seen = new HashSet<>();
            List<String> all = new ArrayList<>();
            for (int round = 0; round < 20; round++) {
                var a = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                        deliveries.claim("w1", T0, T0.plus(Duration.ofMinutes(1)), 7, List.of()));
                var b = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                        second.claim("w2", T0, T0.plus(Duration.ofMinutes(1)), 7, List.of()));
                a.get().forEach(d -> all.add(d.id()));
                b.get().forEach(d -> all.add(d.id()));
            }
            seen.addAll(all);
            assertThat(all).hasSize(seen.size());
            assertThat(seen).hasSize(200);
        }
    }
}
