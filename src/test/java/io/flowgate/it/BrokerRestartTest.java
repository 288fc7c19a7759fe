package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The broker restarted mid-stream: a broker the test owns ({@code nats-server}, Qpid Broker-J on its Derby store,
 * Mosquitto with persistence) is stopped while a source consumes and started again on the same port and data;
 * the rest of the messages are published after it is back. The source reconnects with back-off and in the end
 * every message is exactly one event and one run. On SQLite.
 */
class BrokerRestartTest {
    static final int MESSAGES = 400;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nats", "amqp", "mqtt"})
    void a_restarted_broker_loses_and_doubles_no_run(String kind) throws Exception {
        String id = BrokerServers.unique("r");
        String type = "com.test.restart." + id;
        String jdbc = "jdbc:sqlite:" + dir.resolve("data").resolve("flowgate.db");
        try (OwnedBroker owned = BrokerServers.ownForRestart(kind);
             BrokerClient broker = BrokerClient.of(kind, id, owned.port());
             TestServer server = TestServer.sqlite(dir)) {
            Sources sources = new Sources(server.http());
            sources.apply("""
                    id: %s
                    triggers:
                      events: [{type: %s}]
                    steps:
                      - {id: t, type: transform, output: '{"n": trigger.event.data.n}'}
                    """.formatted(id, type));
            sources.connection(broker.connection());
            sources.create(id, id, kind, broker.target(), type);
            sources.awaitState(id, "connected");
            for (int i = 0; i < MESSAGES / 2; i++) {
                broker.publish(i);
            }
            await().atMost(Sources.LONG).pollInterval(Duration.ofMillis(10))
                    .until(() -> sources.get(id).path("acks").asLong() >= 1);
            broker.flush();
            owned.stop();
            await().atMost(Sources.LONG).until(() -> !sources.state(id).equals("connected"));
            owned.start();
            broker.reconnect();
            for (int i = MESSAGES / 2; i < MESSAGES; i++) {
                broker.publish(i);
            }
            broker.flush();
            try {
                await().atMost(Duration.ofSeconds(180)).until(() -> Sources.count(jdbc,
                        "SELECT count(*) FROM executions WHERE workflow_id = '" + id + "' AND status = 'completed'")
                        >= MESSAGES);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("runs: " + Sources.count(jdbc, "SELECT count(*) FROM executions WHERE "
                        + "workflow_id = '" + id + "'") + "; source: " + sources.get(id)
                        + (broker instanceof BrokerClient.Amqp a ? "; ready in the queue: " + a.ready() : ""), e);
            }
            assertThat(Sources.count(jdbc, "SELECT count(*) FROM events WHERE type = '" + type + "'"))
                    .isEqualTo(MESSAGES);
            assertThat(Sources.count(jdbc, "SELECT count(DISTINCT json_extract(document, '$.data.n')) FROM events "
                    + "WHERE type = '" + type + "'")).isEqualTo(MESSAGES);
            assertThat(Sources.count(jdbc, "SELECT count(*) FROM executions WHERE workflow_id = '" + id + "'"))
                    .isEqualTo(MESSAGES);
            assertThat(sources.get(id).path("errors").asLong()).isGreaterThanOrEqualTo(1);
            sources.delete(id);
        }
    }
}
