package io.flowgate.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Json;
import io.flowgate.engine.Publisher;
import io.flowgate.trigger.event.EventDocument;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The source loop's promises with a fake broker and a fake intake: acknowledge only after the intake returned;
 * when the intake cannot write, hand the batch back and say why; when the broker fails, reconnect.
 */
class SourceLoopTest {
    static final SourceSpec SPEC = SourceSpec.parse(Json.read(
            "{\"name\":\"s\",\"connection\":\"c\",\"amqp\":{\"queue\":\"q\"},\"event\":{\"type\":\"t.x\"}}"));
    static final Connection CONNECTION = new Connection("c", BrokerKind.AMQP, "amqp://h", null, null, Instant.EPOCH);

    /** A broker holding messages; records what was acked and handed back. */
    static final class FakeBroker implements BrokerDriver {
        final LinkedBlockingQueue<Incoming> queued = new LinkedBlockingQueue<>();
        final List<String> acked = new CopyOnWriteArrayList<>();
        final List<String> naked = new CopyOnWriteArrayList<>();
        final AtomicInteger opened = new AtomicInteger();
        volatile boolean failNextFetch;

        void offer(String id) {
            queued.add(new Incoming("q", id, null, Map.of(), ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8),
                    id));
        }

        @Override
        public BrokerKind kind() {
            return BrokerKind.AMQP;
        }

        @Override
        public void test(Connection connection, Duration timeout) {}

        @Override
        public BrokerSession open(Connection connection, SourceSpec source, String nodeId) {
            opened.incrementAndGet();
            return new BrokerSession() {
                @Override
                public List<Incoming> fetch(int max, Duration wait) throws Exception {
                    if (failNextFetch) {
                        failNextFetch = false;
                        throw new IllegalStateException("broker went away");
                    }
                    Incoming first = queued.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
                    return first == null ? List.of() : List.of(first);
                }

                @Override
                public void ack(List<Incoming> batch) {
                    batch.forEach(m -> acked.add(m.messageId()));
                }

                @Override
                public void nak(List<Incoming> batch) {
                    batch.forEach(m -> {
                        naked.add(m.messageId());
                        queued.add(m);
                    });
                }

                @Override
                public long pending() {
                    return queued.size();
                }

                @Override
                public void close() {}
            };
        }

        @Override
        public JsonNode publish(Connection connection, Publisher.Message message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void forget(String connectionName) {}

        @Override
        public void close() {}
    }

    @Test
    void a_message_is_acked_only_after_the_intake_stored_it_and_handed_back_while_it_cannot() {
        FakeBroker broker = new FakeBroker();
        List<String> stored = new CopyOnWriteArrayList<>();
        AtomicInteger failures = new AtomicInteger(2);
        Function<List<EventDocument>, Integer> intake = docs -> {
            if (failures.getAndDecrement() > 0) {
                assertThat(broker.acked).isEmpty();
                throw new IllegalStateException("database is down");
            }
            docs.forEach(d -> stored.add(d.id()));
            return docs.size();
        };
        SourceStatus status = new SourceStatus();
        SourceLoop loop = new SourceLoop(SPEC, () -> CONNECTION, broker, intake, status, BrokerListener.NONE,
                Clock.systemUTC(), "n1");
        broker.offer("m-1");
        Thread t = Thread.ofVirtual().start(loop);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.acked.contains("m-1"));
            assertThat(broker.naked).containsExactly("m-1", "m-1");
            assertThat(stored).containsExactly("m-1");
            assertThat(status.view().lastError()).contains("cannot store events").contains("database is down");
            assertThat(status.view().state()).isEqualTo(SourceState.CONNECTED);
            assertThat(status.view().errors()).isEqualTo(2);
        } finally {
            loop.stop();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !t.isAlive());
        assertThat(status.view().state()).isEqualTo(SourceState.STOPPED);
    }

    @Test
    void a_broken_session_is_reopened_and_says_why_meanwhile() {
        FakeBroker broker = new FakeBroker();
        broker.failNextFetch = true;
        SourceStatus status = new SourceStatus();
        SourceLoop loop = new SourceLoop(SPEC, () -> CONNECTION, broker, docs -> docs.size(), status,
                BrokerListener.NONE, Clock.systemUTC(), "n1");
        Thread t = Thread.ofVirtual().start(loop);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.opened.get() >= 2);
            assertThat(status.view().lastError()).isEqualTo("broker went away");
            broker.offer("m-2");
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.acked.contains("m-2"));
        } finally {
            loop.stop();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !t.isAlive());
    }
}
