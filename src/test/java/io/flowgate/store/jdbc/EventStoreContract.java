package io.flowgate.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Json;
import io.flowgate.engine.ExecutionStatus;
import io.flowgate.store.EventStore.EventRun;
import io.flowgate.store.EventStore.StoredEvent;
import io.flowgate.store.WaitStore.Key;
import io.flowgate.store.WaitStore.Resolution;
import io.flowgate.store.WaitStore.Wait;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The event and wait stores on a real database: identity, the outbox claim, retention, resolving once. */
abstract class EventStoreContract extends DatabaseContract {
    JdbcEventStore events;
    JdbcWaitStore waits;
    JdbcExecutionStore executions;

    @BeforeEach
    void createStores() {
        events = new JdbcEventStore(db);
        waits = new JdbcWaitStore(db);
        executions = new JdbcExecutionStore(db);
    }

    static String seq(Instant at, int n) {
        return String.format("%012x%012x", at.toEpochMilli(), n);
    }

    static StoredEvent event(String seq, String id, String type, Instant at) {
        JsonNode doc = Json.read("{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"source\":\"/s\",\"data\":{\"k\":\""
                + id + "\"}}");
        return new StoredEvent(seq, "/s", id, type, null, doc, at, null, null, null, null);
    }

    @Test
    void a_repeated_source_and_id_is_stored_once_even_within_one_batch() {
        assertThat(events.accept(List.of(event(seq(T0, 1), "a", "t", T0), event(seq(T0, 2), "a", "t", T0),
                event(seq(T0, 3), "b", "t", T0)))).containsExactlyInAnyOrder(seq(T0, 1), seq(T0, 3));
        assertThat(events.accept(List.of(event(seq(T0, 4), "b", "t", T0)))).isEmpty();
        assertThat(events.recent("t", 10)).extracting(StoredEvent::id).containsExactly("b", "a");
        assertThat(events.recent(null, 10)).hasSize(2);
    }

    @Test
    void the_scope_an_event_was_sent_with_is_stored_with_it_and_read_back_when_claimed() {
        StoredEvent plain = event(seq(T0, 1), "every", "t", T0);
        StoredEvent teams = new StoredEvent(seq(T0, 2), "/s", "teams", "t", null, plain.document(), T0, null, null,
                List.of("alpha", "beta"), null);
        StoredEvent token = new StoredEvent(seq(T0, 3), "/s", "token", "t", null, plain.document(), T0, "alpha",
                "orders", null, null);
        events.accept(List.of(plain, teams, token));
        List<StoredEvent> claimed = events.claimPending("n1", T0, T0.plusSeconds(60), 10);
        assertThat(claimed).extracting(StoredEvent::teams).containsExactly(null, List.of("alpha", "beta"), null);
        assertThat(claimed.get(0).reaches("gamma", "any")).isTrue();
        assertThat(claimed.get(1).reaches("beta", "any")).isTrue();
        assertThat(claimed.get(1).reaches("gamma", "any")).isFalse();
        assertThat(claimed.get(2).reaches("alpha", "orders")).isTrue();
        assertThat(claimed.get(2).reaches("alpha", "other")).isFalse();
        assertThat(events.recent("t", 10)).extracting(StoredEvent::teams)
                .containsExactly(null, List.of("alpha", "beta"), null);
    }

    @Test
    void pending_events_are_claimed_oldest_first_by_one_node_until_processed_or_the_claim_expires() {
        events.accept(List.of(event(seq(T0, 1), "a", "t", T0), event(seq(T0, 2), "b", "t", T0)));
        Instant until = T0.plus(Duration.ofMinutes(1));
        assertThat(events.claimPending("n1", T0, until, 10)).extracting(StoredEvent::id).containsExactly("a", "b");
        assertThat(events.claimPending("n2", T0, until, 10)).isEmpty();
        assertThat(events.processed("n1", List.of(seq(T0, 1)), T0,
                List.of(new EventRun(seq(T0, 1), "e1", "started")))).isEmpty();
        assertThat(events.claimPending("n2", until.plusMillis(1), until.plusSeconds(60), 10))
                .extracting(StoredEvent::id).containsExactly("b");
        assertThat(events.runsOf(List.of(seq(T0, 1), seq(T0, 2))))
                .containsExactly(new EventRun(seq(T0, 1), "e1", "started"));
    }

    @Test
    void claims_are_renewed_and_released_by_their_holder_only() {
        events.accept(List.of(event(seq(T0, 1), "a", "t", T0)));
        events.claimPending("n1#1", T0, T0.plusSeconds(15), 10);

        assertThat(events.renewClaims("n2#1", T0.plusSeconds(60))).isZero();
        assertThat(events.renewClaims("n1#1", T0.plusSeconds(60))).isEqualTo(1);
        assertThat(events.claimPending("n2#1", T0.plusSeconds(30), T0.plusSeconds(45), 10)).as("renewed").isEmpty();
        assertThat(events.releaseClaims("n2#1")).isZero();
        assertThat(events.releaseClaims("n1#1")).isEqualTo(1);
        assertThat(events.claimPending("n2#1", T0.plusSeconds(30), T0.plusSeconds(45), 10)).hasSize(1);
    }

    @Test
    void a_keyed_lookback_reads_only_the_events_holding_the_key() {
        events.accept(List.of(event(seq(T0, 1), "a", "com.x.paid", T0), event(seq(T0, 2), "b", "com.x.paid",
                T0.plusSeconds(1)), event(seq(T0, 3), "a2", "com.x.sent", T0.plusSeconds(2))));
        assertThat(events.since("com.x.paid", T0, "data.k", "b", 10)).extracting(StoredEvent::id).containsExactly("b");
        assertThat(events.since("com.x.*", T0, "data.k", "a2", 10)).extracting(StoredEvent::id).containsExactly("a2");
        assertThat(events.since("*", T0, "data.k", "a", 10)).extracting(StoredEvent::id).containsExactly("a");
        assertThat(events.since("com.x.paid", T0, "data.k", "zz", 10)).isEmpty();
        assertThat(events.since("com.x.paid", T0, "data.missing", "a", 10)).isEmpty();
        assertThat(events.since("com.x.paid", T0.plusSeconds(1), "data.k", "a", 10)).as("before the window").isEmpty();
    }

    @Test
    void lookback_reads_events_of_a_type_pattern_since_an_instant() {
        events.accept(List.of(event(seq(T0, 1), "a", "com.x.paid", T0), event(seq(T0, 2), "b", "com.x.sent",
                T0.plusSeconds(5)), event(seq(T0, 3), "c", "com_x.paid", T0.plusSeconds(6))));
        assertThat(events.since("com.x.*", T0, 10)).extracting(StoredEvent::id).containsExactly("a", "b");
        assertThat(events.since("com.x.paid", T0.plusSeconds(1), 10)).isEmpty();
        assertThat(events.since("*", T0.plusSeconds(5), 10)).extracting(StoredEvent::id).containsExactly("b", "c");
    }

    @Test
    void pruning_deletes_only_processed_events_older_than_the_bound() {
        Instant old = T0.minus(Duration.ofDays(8));
        events.accept(List.of(event(seq(old, 1), "old-done", "t", old), event(seq(old, 2), "old-pending", "t", old),
                event(seq(T0, 3), "new-done", "t", T0)));
        events.claimPending("n1", T0, T0.plusSeconds(60), 10);
        events.processed("n1", List.of(seq(old, 1), seq(T0, 3)), T0,
                List.of(new EventRun(seq(old, 1), "e1", "started")));
        assertThat(events.prune(T0.minus(Duration.ofDays(7)), 100)).isEqualTo(1);
        assertThat(events.recent("t", 10)).extracting(StoredEvent::id).containsExactlyInAnyOrder("new-done",
                "old-pending");
        assertThat(events.runsOf(List.of(seq(old, 1)))).isEmpty();
    }

    Wait eventWait(String executionId, String attempt, String keyValue) {
        return new Wait(executionId, "w", "default", "orders", "event", attempt, "com.x.paid", null,
                "event.data.k = inputs.k", Json.object(), "data.k", keyValue, null, T0, null, null);
    }

    @Test
    void a_wait_resolves_once_and_keeps_its_resolution_when_the_same_attempt_registers_again() {
        executions.insert(Fixtures.execution("e1", T0, ExecutionStatus.NOT_STARTED), List.of(), null, null);
        waits.upsert(eventWait("e1", "1@1", "s:k1"));
        assertThat(waits.anyOpen(List.of("com.x.paid", "com.x.*", "*"))).isTrue();
        assertThat(waits.keyPaths(List.of("com.x.paid"))).containsExactly("data.k");
        assertThat(waits.candidates(List.of("com.x.paid"), List.of(new Key("data.k", "s:k2")))).isEmpty();
        assertThat(waits.candidates(List.of("com.x.paid"), List.of(new Key("data.k", "s:k1"))))
                .extracting(Wait::executionId).containsExactly("e1");
        JsonNode first = Json.read("{\"id\":\"a\"}");
        assertThat(waits.resolve(List.of(new Resolution("e1", "w", first, true),
                new Resolution("e1", "w", Json.read("{\"id\":\"b\"}"), true)), T0)).hasSize(1);
        assertThat(waits.find("e1", "w").orElseThrow().resolution()).isEqualTo(first);
        assertThat(waits.countOpen()).isZero();
        waits.upsert(eventWait("e1", "1@1", "s:k1")); // resumed after a crash: the same start
        assertThat(waits.find("e1", "w").orElseThrow().resolution()).isEqualTo(first);
        waits.upsert(eventWait("e1", "1@2", "s:k1")); // a retry from the step: a new start
        assertThat(waits.find("e1", "w").orElseThrow().resolution()).isNull();
        assertThat(waits.countOpen()).isEqualTo(1);
    }

    @Test
    void waits_of_ended_runs_are_neither_candidates_nor_counted() {
        executions.insert(Fixtures.execution("e2", T0, ExecutionStatus.CANCELLED), List.of(), null, null);
        waits.upsert(eventWait("e2", "1@1", "s:k9"));
        assertThat(waits.candidates(List.of("com.x.paid"), List.of(new Key("data.k", "s:k9")))).isEmpty();
        assertThat(waits.countOpen()).isZero();
        assertThat(waits.openApprovals(null, 10)).isEmpty();
    }
}
