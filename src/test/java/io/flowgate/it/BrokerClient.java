package io.flowgate.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The test's side of one broker: a stream, queue or topic of its own named after the test's id, numbered JSON
 * messages {@code {"n": N}} published to it, and what Flowgate's connection and source say to consume it. Closing
 * it removes what it made.
 */
interface BrokerClient extends AutoCloseable {
    /** The body of {@code POST /api/v1/connections}, named after the id. */
    Map<String, Object> connection();

    /** The kind's part of {@code POST /api/v1/event-sources}. */
    Map<String, Object> target();

    void publish(int n) throws Exception;

    /** Returns once the broker confirmed everything published so far. */
    default void flush() throws Exception {}

    /** A new client connection, after the broker restarted. */
    void reconnect() throws Exception;

    static BrokerClient of(String kind, String id, int port) throws Exception {
        return switch (kind) {
            case "nats" -> new Nats(id, port, "");
            case "amqp" -> new Amqp(id, port);
            case "mqtt" -> new Mqtt(id, port);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** On the broker the suite uses ({@link BrokerServers}). */
    static BrokerClient of(String kind, String id) throws Exception {
        return of(kind, id, switch (kind) {
            case "nats" -> BrokerServers.natsPort();
            case "amqp" -> BrokerServers.amqpPort();
            default -> BrokerServers.mqttPort();
        });
    }

    /** A file-backed stream of its own; {@code userInfo} ("user:password@") goes into Flowgate's URL only. */
    final class Nats implements BrokerClient {
        final String id;
        final int port;
        final String userInfo;
        BrokerServers.NatsStream stream;

        Nats(String id, int port, String userInfo) throws Exception {
            this.id = id;
            this.port = port;
            this.userInfo = userInfo;
            this.stream = BrokerServers.natsStream(BrokerServers.natsUrl(port), "FG_" + id, id + ".>");
        }

        @Override
        public Map<String, Object> connection() {
            return Map.of("name", id, "kind", "nats", "url", "nats://" + userInfo + "127.0.0.1:" + port);
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
        public void reconnect() throws Exception {
            stream.nc().close();
            stream = new BrokerServers.NatsStream(io.nats.client.Nats.connect(BrokerServers.natsUrl(port)), "FG_" + id);
        }

        @Override
        public void close() throws Exception {
            stream.close();
        }
    }

    /** A durable queue of its own; messages carry a message-id, which is what makes their dedupe exact. */
    final class Amqp implements BrokerClient {
        final String id;
        final int port;
        com.rabbitmq.client.Connection connection;
        Channel channel;

        Amqp(String id, int port) throws Exception {
            this.id = id;
            this.port = port;
            reconnect();
            channel.queueDeclare(id, true, false, false, null);
        }

        @Override
        public Map<String, Object> connection() {
            return Map.of("name", id, "kind", "amqp", "url", "amqp://127.0.0.1:" + port + "/%2F", "username", "guest",
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
        public void flush() throws Exception {
            channel.waitForConfirmsOrDie(60_000);
        }

        /** Messages in the queue, not counting those delivered and not yet acknowledged. */
        long ready() throws Exception {
            return channel.queueDeclarePassive(id).getMessageCount();
        }

        @Override
        public void reconnect() throws Exception {
            if (connection != null && connection.isOpen()) {
                connection.abort();
            }
            ConnectionFactory f = new ConnectionFactory();
            f.setUri(BrokerServers.amqpUrl(port));
            f.setAutomaticRecoveryEnabled(false);
            connection = f.newConnection("flowgate-test-" + id);
            channel = connection.createChannel();
            channel.confirmSelect();
        }

        @Override
        public void close() throws Exception {
            try {
                channel.waitForConfirms(30_000);
                channel.queueDelete(id);
            } finally {
                connection.abort();
            }
        }
    }

    /** A topic of its own; the source's persistent session keeps what is published while Flowgate is away. */
    final class Mqtt implements BrokerClient {
        final String id;
        final int port;
        MqttClient client;

        Mqtt(String id, int port) throws Exception {
            this.id = id;
            this.port = port;
            reconnect();
        }

        @Override
        public Map<String, Object> connection() {
            return Map.of("name", id, "kind", "mqtt", "url", BrokerServers.mqttUrl(port));
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
        public void reconnect() throws Exception {
            if (client != null) {
                try {
                    client.disconnectForcibly(1_000);
                } catch (Exception ignored) {
                    // the broker went away under it
                }
                client.close(true);
            }
            client = new MqttClient(BrokerServers.mqttTcp(port), "pub-" + id, new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMaxInflight(1_000);
            client.connect(options);
        }

        @Override
        public void close() throws Exception {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        }
    }
}
