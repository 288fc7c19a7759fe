package io.flowgate.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.core.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    @Test
    void the_standard_schedule_is_at_once_then_5s_5m_30m_2h_5h_10h_14h_20h_24h() {
        List<Duration> waits = new ArrayList<>();
        for (int done = 1; done <= 10; done++) {
            RetrySchedule.STANDARD.after(done, 0.5).ifPresent(waits::add);
        }
        assertThat(waits).containsExactly(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(14),
                Duration.ofHours(20), Duration.ofHours(24));
        assertThat(RetrySchedule.STANDARD.maxAttempts()).isEqualTo(10);
    }

    @Test
    void after_the_last_wait_the_message_is_dead_lettered() {
        assertThat(RetrySchedule.STANDARD.after(10, 0.5)).isEmpty();
        assertThat(RetrySchedule.STANDARD.after(0, 0.5)).isEmpty();
    }

    @Test
    void jitter_stays_within_ten_percent_either_way() {
        assertThat(RetrySchedule.STANDARD.after(1, 0.0)).contains(Duration.ofMillis(4500));
        assertThat(RetrySchedule.STANDARD.after(1, 0.999999)).hasValueSatisfying(d ->
                assertThat(d).isBetween(Duration.ofMillis(5499), Duration.ofMillis(5500)));
    }

    @Test
    void a_webhook_may_set_its_own_schedule_as_a_list_or_an_object() {
        RetrySchedule list = RetrySchedule.of(Json.read("[\"PT1S\", \"200ms\"]"), RetrySchedule.STANDARD);
        assertThat(list.delays()).containsExactly(Duration.ofSeconds(1), Duration.ofMillis(200));
        RetrySchedule object = RetrySchedule.of(Json.read("{\"schedule\": [\"PT5M\"]}"), RetrySchedule.STANDARD);
        assertThat(object.maxAttempts()).isEqualTo(2);
        assertThat(RetrySchedule.of(null, RetrySchedule.STANDARD)).isSameAs(RetrySchedule.STANDARD);
        assertThat(RetrySchedule.of(Json.read("[]"), RetrySchedule.STANDARD).after(1, 0.5)).isEqualTo(Optional.empty());
    }
}
