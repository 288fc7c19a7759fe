package io.flowgate.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowgate.core.Json;
import io.flowgate.core.LeaseOwner;
import io.flowgate.core.SettableClock;
import io.flowgate.core.TriggerKind;
import io.flowgate.engine.Execution;
import io.flowgate.engine.ExecutionStatus;
import io.flowgate.engine.StepRun;
import io.flowgate.store.NodeStore;
import io.flowgate.store.jdbc.Database;
import io.flowgate.store.jdbc.JdbcExecutionStore;
import io.flowgate.store.jdbc.JdbcNodeStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Membership on a settable clock over a real (SQLite) store: epochs, own silence, silent peers, stop. */
class MembershipTest {
    static final Instant T0 = Instant.parse("2026-03-29T00:59:58.250Z");
    static final Duration LEASE = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    Database db;
    JdbcNodeStore store;
    final SettableClock clock = new SettableClock(T0);
    final List<Duration> pauses = new ArrayList<>();
    final MembershipListener listener = new MembershipListener() {
        @Override
        public void paused(Duration silent) {
            pauses.add(silent);
        }
    };
    final List<Membership> started = new ArrayList<>();

    @BeforeEach
    void open() {
        db = Database.open("jdbc:sqlite:" + dir.resolve("flowgate.db"));
        store = new JdbcNodeStore(db);
    }

    @AfterEach
    void close() {
        started.forEach(Membership::close);
        db.close();
    }

    Membership member(String id) {
        Membership m = new Membership(store, new Membership.Settings(id, "http://" + id, "1.0", LEASE), clock,
                listener);
        started.add(m);
        return m;
    }

    @Test
    void every_start_takes_a_new_epoch() {
        assertThat(member("a").join()).isEqualTo(new LeaseOwner("a", 1));
        assertThat(member("a").join()).isEqualTo(new LeaseOwner("a", 2));
        assertThat(member("b").join()).isEqualTo(new LeaseOwner("b", 1));
    }

    @Test
    void a_node_that_went_longer_than_its_lease_without_a_beat_reports_it_once() {
        Membership a = member("a");
        a.join();
        clock.advance(Duration.ofSeconds(5));
        a.beat();
        assertThat(pauses).isEmpty();

        clock.advance(Duration.ofSeconds(40)); // SIGSTOP, or cut off from the database
        a.beat();
        clock.advance(Duration.ofSeconds(5));
        a.beat();

        assertThat(pauses).containsExactly(Duration.ofSeconds(40));
        assertThat(a.nodes().getFirst().lastHeartbeat()).isEqualTo(T0.plusSeconds(50));
    }

    @Test
    void the_heartbeat_of_a_process_whose_node_id_a_newer_process_took_does_not_overwrite_it() {
        Membership old = member("a");
        old.join();
        clock.advance(Duration.ofSeconds(1));
        member("a").join();
        clock.advance(Duration.ofSeconds(4));

        old.beat();

        assertThat(store.list().getFirst().lastHeartbeat()).as("the newer life's row").isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void alive_and_held_counts_follow_the_rows_and_a_stopped_node_is_not_alive_at_once() {
        Membership a = member("a");
        Membership b = member("b");
        LeaseOwner ownerA = a.join();
        b.join();
        new JdbcExecutionStore(db).insert(running("e1"), List.of(StepRun.notStarted("e1", "s", 1, "S")),
                ownerA.toString(), T0.plus(LEASE));

        List<NodeView> nodes = a.nodes();
        assertThat(nodes).extracting(NodeView::id).containsExactly("a", "b");
        assertThat(nodes).allMatch(NodeView::alive);
        assertThat(nodes.get(0).held()).isEqualTo(new NodeStore.Held(1, 0, 0));
        assertThat(nodes.get(1).held()).isEqualTo(NodeStore.Held.NONE);
        assertThat(nodes.get(0).address()).isEqualTo("http://a");
        assertThat(nodes.get(0).version()).isEqualTo("1.0");

        b.close();
        assertThat(a.nodes().get(1).alive()).isFalse();
        clock.advance(LEASE.plusMillis(1));
        assertThat(a.nodes().get(0).alive()).as("no beat for a whole lease").isFalse();
    }

    @Test
    void a_silent_peer_whose_lease_ended_wakes_the_claim_loops() {
        Membership a = member("a");
        Membership b = member("b");
        a.join();
        LeaseOwner ownerB = b.join();
        new JdbcExecutionStore(db).insert(running("e1"), List.of(), ownerB.toString(), T0.plus(LEASE));
        AtomicInteger wakes = new AtomicInteger();
        a.wakeClaimersWith(wakes::incrementAndGet);

        clock.advance(Duration.ofSeconds(5));
        a.beat(); // b beat 5 s ago: one beat late is not silence yet
        clock.advance(LEASE); // b is silent, and its lease ended
        a.beat();

        await().atMost(Duration.ofSeconds(5)).until(() -> wakes.get() == 1);
    }

    static Execution running(String id) {
        return new Execution(id, "default", "w", 1, TriggerKind.MANUAL, ExecutionStatus.IN_PROGRESS, Json.object(),
                T0, T0, null, null, null, null, 0);
    }
}
