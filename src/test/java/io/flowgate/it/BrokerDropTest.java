package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A network drop mid-stream: the link between Flowgate and the broker is cut while a source consumes 2,000
 * messages and restored later. The source says so (state, lastError), reconnects with back-off, and in the end
 * every message is exactly one event and one run. On SQLite.
 */
class BrokerDropTest {
    static final int MESSAGES = 2_000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nats", "amqp"})
    void a_cut_link_reconnects_without_losing_or_doubling_a_run(String kind) throws Exception {
        String id = BrokerServers.unique("d");
        String type = "com.test.drop." + id;
        String jdbc = "jdbc:sqlite:" + dir.resolve("data").resolve("flowgate.db");
        boolean nats = kind.equals("nats");
        try (BrokerClient broker = BrokerClient.of(kind, id);
             CuttableProxy proxy = new CuttableProxy(nats ? BrokerServers.natsPort() : BrokerServers.amqpPort());
             TestServer server = TestServer.sqlite(dir)) {
            Http http = server.http();
            assertThat(http.postYaml("/api/v1/workflows", """
                    id: %s
                    triggers:
                      events: [{type: %s}]
                    steps:
                      - {id: t, type: transform, output: '{"n": trigger.event.data.n}'}
                    """.formatted(id, type)).status()).isIn(200, 201);
            Map<String, Object> connection = nats
                    ? Map.of("name", id, "kind", "nats", "url", "nats://127.0.0.1:" + proxy.port())
                    : Map.of("name", id, "kind", "amqp", "url", BrokerServers.amqpUrl(proxy.port()));
            assertThat(http.postJson("/api/v1/connections", connection).status()).isEqualTo(201);
            // Half now; the other half while Flowgate is down (or cut off), so the stream is mid-way at the kill.
            for (int i = 0; i < MESSAGES / 2; i++) {
                broker.publish(i);
            }
            assertThat(http.postJson("/api/v1/event-sources", Map.of("name", id, "connection", id,
                    kind, broker.target(), "event", Map.of("type", type))).status()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                    .until(() -> http.get("/api/v1/event-sources/" + id).json().path("acks").asLong() >= 1);
            proxy.cut();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                var s = http.get("/api/v1/event-sources/" + id).json();
                return s.path("errors").asLong() >= 1 && !s.path("state").asText().equals("connected");
            });
            assertThat(http.get("/api/v1/event-sources/" + id).json().path("lastError").asText()).isNotBlank();
            for (int i = MESSAGES / 2; i < MESSAGES; i++) {
                broker.publish(i);
            }
            proxy.restore();
            await().atMost(Duration.ofSeconds(180)).until(() -> Sources.count(jdbc,
                    "SELECT count(*) FROM executions WHERE workflow_id = '" + id + "' AND status = 'completed'")
                    == MESSAGES);
            await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/api/v1/event-sources/" + id).json()
                    .path("state").asText().equals("connected"));
            assertThat(Sources.count(jdbc, "SELECT count(*) FROM events WHERE type = '" + type + "'")).isEqualTo(MESSAGES);
            assertThat(Sources.count(jdbc, "SELECT count(*) FROM executions WHERE workflow_id = '" + id + "'"))
                    .isEqualTo(MESSAGES);
            assertThat(http.delete("/api/v1/event-sources/" + id).status()).isEqualTo(204);
        }
    }
}
