package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
        try (Broker broker = kind.equals("nats") ? new NatsBroker(id) : kind.equals("amqp") ? new AmqpBroker(id)
                : new MqttBroker(id);
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
            await().atMost(Duration.ofSeconds(180)).until(() -> count(jdbc,
                    "SELECT count(*) FROM executions WHERE workflow_id = '" + id + "' AND status = 'completed'")
                    == messages);
            assertThat(count(jdbc, "SELECT count(*) FROM events WHERE type = '" + type + "'")).isEqualTo(messages);
            assertThat(count(jdbc, "SELECT count(DISTINCT json_extract(document, '$.data.n')) FROM events "
                    + "WHERE type = '" + type + "'")).isEqualTo(messages);
            assertThat(count(jdbc, "SELECT count(*) FROM executions WHERE workflow_id = '" + id + "'"))
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
            BrokerServers.clearMqttSession("flowgate-" + id + "-broker-node");
        }
    }

    interface Broker extends AutoCloseable {
        Map<String, Object> connection();

        Map<String, Object> target();

        void publish(int n) throws Exception;
    }

    /** A stream of its own; a password the (auth-less) test server ignores but Flowgate must keep secret. */
    static final class NatsBroker implements Broker {
        final String id;
        final BrokerServers.NatsStream stream;

        NatsBroker(String id) throws Exception {
            this.id = id;
            this.stream = BrokerServers.natsStream("FG_" + id, id + ".>");
        }

        @Override
        public Map<String, Object> connection() {
            return Map.of("name", id, "kind", "nats", "url", "nats://svc:" + PASSWORD + "@127.0.0.1:4222");
        }

        @Override
        public Map<String, Object> target() {
            return Map.of("stream", "FG_" + id, "subject", id + ".>");
        }

        @Override
        public void publish(int n) throws Exception {
            stream.nc().jetStream().publish(id + ".m", ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() throws Exception {
            stream.close();
        }
    }

    /** A queue of its own; messages carry a message-id, which is what makes their dedupe exact. */
    static final class AmqpBroker implements Broker {
        final String id;
        final com.rabbitmq.client.Connection rabbit;
        final Channel channel;

        AmqpBroker(String id) throws Exception {
            this.id = id;
            ConnectionFactory f = new ConnectionFactory();
            f.setUri("amqp://guest:guest@127.0.0.1:5672/%2F");
            rabbit = f.newConnection("flowgate-crash-test");
            channel = rabbit.createChannel();
            channel.queueDeclare(id, true, false, false, null);
        }

        @Override
        public Map<String, Object> connection() {
            // RabbitMQ's guest account: the password here is its real one; the log check uses the NATS case.
            return Map.of("name", id, "kind", "amqp", "url", "amqp://127.0.0.1:5672/%2F", "username", "guest",
                    "password", "guest");
        }

        @Override
        public Map<String, Object> target() {
            return Map.of("queue", id);
        }

        @Override
        public void publish(int n) throws Exception {
            channel.basicPublish("", id, new AMQP.BasicProperties.Builder().messageId("m-" + n).deliveryMode(2)
                    .contentType("application/json").build(), ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() throws Exception {
            try {
                channel.queueDelete(id);
            } finally {
                rabbit.close();
            }
        }
    }

    /** A topic of its own; the source's persistent session keeps what is published while Flowgate is down. */
    static final class MqttBroker implements Broker {
        final String id;
        final org.eclipse.paho.client.mqttv3.MqttClient client;

        MqttBroker(String id) throws Exception {
            this.id = id;
            client = new org.eclipse.paho.client.mqttv3.MqttClient("tcp://127.0.0.1:1883", "pub-" + id,
                    new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
            var options = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
            options.setMaxInflight(1_000);
            client.connect(options);
        }

        @Override
        public Map<String, Object> connection() {
            return Map.of("name", id, "kind", "mqtt", "url", "mqtt://127.0.0.1:1883");
        }

        @Override
        public Map<String, Object> target() {
            return Map.of("topic", id + "/#");
        }

        @Override
        public void publish(int n) throws Exception {
            client.publish(id + "/m", ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8), 1, false);
        }

        @Override
        public void close() throws Exception {
            client.disconnect();
            client.close();
        }
    }

    private static long count(String jdbc, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbc); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
