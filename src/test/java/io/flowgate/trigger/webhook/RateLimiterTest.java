package io.flowgate.trigger.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.core.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    final SettableClock clock = new SettableClock(Instant.parse("2026-11-26T10:00:00Z"));
    final RateLimiter limiter = new RateLimiter(clock);
    final WebhookTrigger.RateLimit twoPerSecondBurstThree = new WebhookTrigger.RateLimit(2, 3);

    @Test
    void a_burst_is_allowed_then_the_caller_is_told_how_long_to_wait() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("t", twoPerSecondBurstThree)).isZero();
        }
        assertThat(limiter.tryAcquire("t", twoPerSecondBurstThree)).isEqualTo(1);
        assertThat(limiter.tryAcquire("other", twoPerSecondBurstThree)).isZero();
    }

    @Test
    void tokens_refill_at_the_rate_on_the_injected_clock_up_to_the_burst() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("t", twoPerSecondBurstThree);
        }
        clock.advance(Duration.ofMillis(500)); // one token back
        assertThat(limiter.tryAcquire("t", twoPerSecondBurstThree)).isZero();
        assertThat(limiter.tryAcquire("t", twoPerSecondBurstThree)).isPositive();

        clock.advance(Duration.ofHours(1)); // refills to the burst, no further
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("t", twoPerSecondBurstThree)).isZero();
        }
        assertThat(limiter.tryAcquire("t", twoPerSecondBurstThree)).isPositive();
    }

    @Test
    void with_three_live_nodes_each_allows_a_third_of_the_rate_and_of_the_burst_rounded_up() {
        java.util.concurrent.atomic.AtomicInteger nodes = new java.util.concurrent.atomic.AtomicInteger(3);
        limiter.shareWith(nodes::get);
        WebhookTrigger.RateLimit sixPerSecondBurstSix = new WebhookTrigger.RateLimit(6, 6);
        assertThat(limiter.tryAcquire("t", sixPerSecondBurstSix)).isZero();
        assertThat(limiter.tryAcquire("t", sixPerSecondBurstSix)).isZero();
        assertThat(limiter.tryAcquire("t", sixPerSecondBurstSix)).isPositive();

        clock.advance(Duration.ofMillis(500)); // 2 per second here: one token back
        assertThat(limiter.tryAcquire("t", sixPerSecondBurstSix)).isZero();
        assertThat(limiter.tryAcquire("t", sixPerSecondBurstSix)).isPositive();

        nodes.set(1); // the others left: this node carries the whole limit again
        clock.advance(Duration.ofSeconds(10));
        for (int i = 0; i < 6; i++) {
            assertThat(limiter.tryAcquire("t", sixPerSecondBurstSix)).isZero();
        }
        assertThat(limiter.tryAcquire("t", sixPerSecondBurstSix)).isPositive();
    }

    @Test
    void a_node_count_of_zero_is_read_as_one() {
        limiter.shareWith(() -> 0);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("t", twoPerSecondBurstThree)).isZero();
        }
        assertThat(limiter.tryAcquire("t", twoPerSecondBurstThree)).isPositive();
    }
}
