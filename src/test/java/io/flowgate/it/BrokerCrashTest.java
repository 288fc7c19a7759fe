package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ack after commit, under a crash: 1,000 of 2,000 messages wait on the broker, Flowgate (a child process on
 * SQLite) is SIGKILLed while it consumes them, the other 1,000 are published while it is down, and it is started
 * again; in the end every message became exactly one event and one run. Messages acknowledged before the kill were committed; those committed but not yet acknowledged come
 * again and are dropped by the intake's (source, id) dedupe. The connection's password appears in no answer and
 * nowhere in the server's log.
 */
class BrokerCrashTest {
    static final int MESSAGES = 2_000;
    static final String PASSWORD = "crash-Pa55-never-logged";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nats", "amqp", "mqtt"})
    void every_message_becomes_exactly_one_run_across_a_kill(String kind) throws Exception {
        // Mosquitto keeps at most 1,000 messages (max_queued_messages) for a session while its client is away.
        int messages = kind.equals("mqtt") ? 1_000 : MESSAGES;
        String id = BrokerServers.unique("c");
        Path data = dir.resolve("data");
        Path log = dir.resolve("server.log");
        String jdbc = "jdbc:sqlite:" + data.resolve("flowgate.db");
        String type = "com.test.crash." + id;
        // A password the (auth-less) NATS ignores but Flowgate must keep secret; the others use guest/guest.
        try (BrokerClient broker = kind.equals("nats")
                ? new BrokerClient.Nats(id, BrokerServers.natsPort(), "svc:" + PASSWORD + "@")
                : BrokerClient.of(kind, id);
             ServerProcess server = new ServerProcess(data, log, "--node-id", "broker-node")) {
            server.start();
            Http http = new Http(server.url(), Files.readString(data.resolve("admin.key")).trim());
            assertThat(http.postYaml("/api/v1/workflows", """
                    id: %s
                    triggers:
                      events: [{type: %s}]
                    steps:
                      - {id: t, type: transform, output: '{"n": trigger.event.data.n}'}
                    """.formatted(id, type)).status()).isIn(200, 201);
            Http.Reply conn = http.postJson("/api/v1/connections", broker.connection());
            assertThat(conn.status()).as(conn.toString()).isEqualTo(201);
            assertThat(conn.raw().body()).doesNotContain(PASSWORD);
            Http.Reply src = http.postJson("/api/v1/event-sources", Map.of("name", id, "connection", id,
                    kind, broker.target(), "event", Map.of("type", type)));
            assertThat(src.status()).as(src.toString()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/api/v1/event-sources/" + id).json()
                    .path("state").asText().equals("connected"));
            // Half now; the other half while Flowgate is down, so the stream is mid-way at the kill.
            for (int i = 0; i < messages / 2; i++) {
                broker.publish(i);
            }
            // Kill mid-stream: some messages acknowledged, most not.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                    .until(() -> http.get("/api/v1/event-sources/" + id).json().path("acks").asLong() >= 1);
            server.kill();
            for (int i = messages / 2; i < messages; i++) {
                broker.publish(i);
            }

            server.start();
            Http again = new Http(server.url(), Files.readString(data.resolve("admin.key")).trim());
            await().atMost(Duration.ofSeconds(180)).until(() -> Sources.count(jdbc,
                    "SELECT count(*) FROM executions WHERE workflow_id = '" + id + "' AND status = 'completed'")
                    == messages);
            assertThat(Sources.count(jdbc, "SELECT count(*) FROM events WHERE type = '" + type + "'")).isEqualTo(messages);
            assertThat(Sources.count(jdbc, "SELECT count(DISTINCT json_extract(document, '$.data.n')) FROM events "
                    + "WHERE type = '" + type + "'")).isEqualTo(messages);
            assertThat(Sources.count(jdbc, "SELECT count(*) FROM executions WHERE workflow_id = '" + id + "'"))
                    .isEqualTo(messages);
            if (!kind.equals("mqtt")) {
                await().atMost(Duration.ofSeconds(60)).until(() -> again.get("/api/v1/event-sources/" + id).json()
                        .path("pending").asLong(-1) == 0);
            }
            for (String path : new String[] {"/api/v1/connections", "/api/v1/event-sources", "/api/v1/events?limit=5"}) {
                assertThat(again.get(path).raw().body()).doesNotContain(PASSWORD);
            }
            assertThat(again.delete("/api/v1/event-sources/" + id).status()).isEqualTo(204);
        }
        assertThat(Files.readString(log)).contains("POST /api/v1/connections").doesNotContain(PASSWORD);
        if (kind.equals("mqtt")) {
            BrokerServers.clearMqttSession("flowgate-" + id);
        }
    }
}
