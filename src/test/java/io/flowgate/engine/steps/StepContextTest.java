package io.flowgate.engine.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.engine.StepRun;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StepContextTest {
    private static final Instant T = Instant.parse("2026-11-26T12:00:00Z");

    private static StepContext context(StepRun run) {
        return new StepContext(null, null, run, null, null, null, null);
    }

    /**
     * Regression (BrokerRestartTest on NATS): a publish attempt that timed out while the broker restarted still
     * reached the stream, and its retry, sent under a new attempt's key, reached it again — two messages, two runs
     * downstream. The message key a publish sends is the same for every attempt; the idempotency key of an
     * outbound call still names the attempt.
     */
    @Test
    void a_retry_sends_the_message_key_of_the_attempt_before_it() {
        StepRun first = StepRun.notStarted("ex-1", "tell", 1, null).startAttempt(T);
        StepRun second = first.retryAt(T.plusSeconds(1), "publish: timed out").startAttempt(T.plusSeconds(1));

        assertThat(second.attempt()).isEqualTo(first.attempt() + 1);
        assertThat(context(second).messageKey()).isEqualTo(context(first).messageKey()).isEqualTo("ex-1:tell");
        assertThat(context(first).idempotencyKey()).isEqualTo("ex-1:tell:1");
        assertThat(context(second).idempotencyKey()).isEqualTo("ex-1:tell:2");
    }
}
