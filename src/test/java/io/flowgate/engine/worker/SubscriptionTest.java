package io.flowgate.engine.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.engine.Executions.ExecutionView;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SubscriptionTest {

    /**
     * Found by HttpRouteFuzzTest on PostgreSQL: closing a status stream interrupted the re-reader while it was inside
     * a JDBC read, which closed the connection's socket, and the pool dropped the connection as broken.
     */
    @Test
    void closing_does_not_interrupt_a_re_read_in_progress() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        Subscription s = new Subscription(id -> {
            reading.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted.set(true);
            } finally {
                finished.countDown();
            }
            return Optional.<ExecutionView>empty();
        }, new ExecutionEvents(), "e1", view -> { }).open();
        assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
        s.close();
        release.countDown();
        assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(interrupted).as("the read was interrupted").isFalse();
    }
}
