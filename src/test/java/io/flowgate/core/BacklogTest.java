package io.flowgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

class BacklogTest {

    @Test
    void batches_run_until_one_comes_back_short_and_each_is_reported() throws Exception {
        Queue<Integer> counts = new ArrayDeque<>(List.of(500, 500, 37, 500));
        List<Integer> seen = new ArrayList<>();

        int total = Backlog.drain(500, Duration.ofMillis(1), counts::remove, seen::add);

        assertThat(total).isEqualTo(1037);
        assertThat(seen).containsExactly(500, 500, 37);
        assertThat(counts).containsExactly(500); // never asked for after the short batch
    }

    @Test
    void nothing_due_is_one_empty_batch() throws Exception {
        List<Integer> seen = new ArrayList<>();

        assertThat(Backlog.drain(500, Duration.ofMillis(1), () -> 0, seen::add)).isZero();
        assertThat(seen).containsExactly(0);
    }

    @Test
    void it_rests_between_full_batches_at_least_the_minimum() throws Exception {
        List<Long> starts = new ArrayList<>();
        Queue<Integer> counts = new ArrayDeque<>(List.of(10, 10, 0));

        Backlog.drain(10, Duration.ofMillis(30), () -> {
            starts.add(System.nanoTime());
            return counts.remove();
        }, n -> { });

        assertThat(starts).hasSize(3);
        assertThat(Duration.ofNanos(starts.get(1) - starts.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(30));
        assertThat(Duration.ofNanos(starts.get(2) - starts.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(30));
    }
}
