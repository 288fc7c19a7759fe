package io.flowgate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.store.NodeStore.NodeRow;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LivenessTest {
    static final Instant BEAT = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration LEASE = Duration.ofSeconds(15);

    static NodeRow node(Instant lastHeartbeat, Instant stoppedAt) {
        return new NodeRow("n", 1, "http://n", "1", LEASE, BEAT.minusSeconds(60), lastHeartbeat, stoppedAt);
    }

    @Test
    void a_node_is_alive_while_its_last_heartbeat_is_at_most_one_lease_old() {
        NodeRow n = node(BEAT, null);

        assertThat(Liveness.alive(n, BEAT)).isTrue();
        assertThat(Liveness.alive(n, BEAT.plus(LEASE))).isTrue();
        assertThat(Liveness.alive(n, BEAT.plus(LEASE).plusMillis(1))).isFalse();
    }

    @Test
    void a_stopped_node_is_not_alive_even_with_a_fresh_heartbeat() {
        assertThat(Liveness.alive(node(BEAT, BEAT), BEAT)).isFalse();
        assertThat(Liveness.silent(node(BEAT, BEAT), BEAT.plus(LEASE.multipliedBy(2)))).isFalse();
    }

    @Test
    void a_node_is_silent_once_it_missed_a_beat_which_is_before_it_stops_being_alive() {
        NodeRow n = node(BEAT, null);
        Duration beat = Liveness.beatEvery(LEASE);

        assertThat(beat).isEqualTo(Duration.ofSeconds(5));
        assertThat(Liveness.silent(n, BEAT.plus(beat))).isFalse();
        assertThat(Liveness.silent(n, BEAT.plusMillis(7_501))).isTrue();
        assertThat(Liveness.alive(n, BEAT.plusMillis(7_501))).as("still alive: within one lease").isTrue();
    }

    @Test
    void each_node_is_judged_by_its_own_lease() {
        NodeRow shortLease = new NodeRow("s", 1, "http://s", "1", Duration.ofSeconds(2), BEAT, BEAT, null);

        assertThat(Liveness.alive(shortLease, BEAT.plusMillis(2_001))).isFalse();
        assertThat(Liveness.silent(shortLease, BEAT.plusMillis(1_001))).isTrue();
    }
}
