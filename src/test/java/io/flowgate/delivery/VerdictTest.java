package io.flowgate.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VerdictTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 202, 204, 299})
    void any_2xx_is_delivered(int status) {
        assertThat(Verdict.of(status, null, NOW)).isInstanceOf(Verdict.Delivered.class);
    }

    @Test
    void gone_stops_retrying() {
        assertThat(Verdict.of(410, null, NOW)).isInstanceOf(Verdict.Stop.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 502, 503, 504})
    void throttling_and_gateway_answers_honour_retry_after_in_seconds(int status) {
        assertThat(Verdict.of(status, "7", NOW)).isEqualTo(new Verdict.Retry("HTTP " + status,
                Optional.of(Duration.ofSeconds(7))));
    }

    @Test
    void retry_after_may_be_an_http_date_and_is_capped_at_a_day() {
        assertThat(Verdict.of(503, "Mon, 23 Nov 2026 10:02:00 GMT", NOW))
                .isEqualTo(new Verdict.Retry("HTTP 503", Optional.of(Duration.ofMinutes(2))));
        assertThat(Verdict.of(429, "999999", NOW))
                .isEqualTo(new Verdict.Retry("HTTP 429", Optional.of(Duration.ofHours(24))));
        assertThat(Verdict.of(429, "soon", NOW)).isEqualTo(new Verdict.Retry("HTTP 429", Optional.empty()));
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 307, 400, 401, 404, 500})
    void redirects_and_other_errors_retry_on_the_schedule(int status) {
        assertThat(Verdict.of(status, "5", NOW)).isInstanceOfSatisfying(Verdict.Retry.class,
                r -> assertThat(r.after()).isEmpty());
    }
}
