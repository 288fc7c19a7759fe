package io.flowgate.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void reads_iso_8601_durations() {
        assertThat(Durations.parse("PT2S")).contains(Duration.ofSeconds(2));
        assertThat(Durations.parse("PT1M30S")).contains(Duration.ofSeconds(90));
        assertThat(Durations.parse("P1D")).contains(Duration.ofDays(1));
        assertThat(Durations.parse("pt24h")).contains(Duration.ofHours(24));
    }

    @Test
    void reads_short_forms() {
        assertThat(Durations.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(Durations.parse("2s")).contains(Duration.ofSeconds(2));
        assertThat(Durations.parse("5m")).contains(Duration.ofMinutes(5));
        assertThat(Durations.parse(" 1h ")).contains(Duration.ofHours(1));
        assertThat(Durations.parse("7d")).contains(Duration.ofDays(7));
    }

    @Test
    void rejects_anything_else() {
        assertThat(Durations.parse("soon")).isEmpty();
        assertThat(Durations.parse("10")).isEmpty();
        assertThat(Durations.parse("1.5s")).isEmpty();
        assertThat(Durations.parse("P1M")).isEmpty();
        assertThat(Durations.parse(null)).isEmpty();
    }
}
