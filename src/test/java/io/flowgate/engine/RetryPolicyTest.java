package io.flowgate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.workflow.RetryPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(2), 2.0, Duration.ofSeconds(10), 0.2);

    @Test
    void backoff_grows_by_the_factor_and_stops_at_the_cap() {
        assertThat(policy.delayBeforeRetry(1, 0.5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delayBeforeRetry(2, 0.5)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.delayBeforeRetry(3, 0.5)).isEqualTo(Duration.ofSeconds(8));
        assertThat(policy.delayBeforeRetry(4, 0.5)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void jitter_spreads_the_delay_within_its_fraction() {
        assertThat(policy.delayBeforeRetry(1, 0.0)).isEqualTo(Duration.ofMillis(1600));
        assertThat(policy.delayBeforeRetry(1, 0.999999)).isBetween(Duration.ofMillis(2399), Duration.ofMillis(2400));
    }
}
