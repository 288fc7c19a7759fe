package io.flowgate.broker.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.broker.BrokerDriver;
import io.flowgate.broker.BrokerKind;
import io.flowgate.broker.BrokerSession;
import io.flowgate.broker.Connection;
import io.flowgate.broker.SourceSpec;
import io.flowgate.core.Json;
import io.flowgate.engine.Publisher;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * MQTT 3.1.1 (Eclipse Paho). A source is a QoS 1 subscription in a <b>persistent session</b> (clean session
 * off) under a stable client id, {@code flowgate-<source>}, so messages published while no node is connected
 * wait in the broker; acks are manual and sent after the intake's commit. One node at a time consumes it, the
 * one holding its lease (EventSources). With {@code shared: true} the subscription is
 * {@code $share/flowgate-<source>/<topic>} under {@code flowgate-<source>-<node>}, so several nodes split the
 * messages. Publishing waits for the
 * PUBACK (QoS 1) on a client kept per connection.
 */
public final class MqttDriver implements BrokerDriver {
    private static final int CONNECT_TIMEOUT_S = 5;
    private static final int KEEP_ALIVE_S = 20;

    private record Kept(MqttAsyncClient client, Instant version) {}

    private final Map<String, Kept> publishing = new ConcurrentHashMap<>();

    @Override
    public BrokerKind kind() {
        return BrokerKind.MQTT;
    }

    /** Paho speaks tcp:// and ssl://; the connection may say mqtt:// or mqtts://. */
    static String pahoUrl(String url) {
        if (url.startsWith("mqtts://")) {
            return "ssl://" + url.substring("mqtts://".length());
        }
        if (url.startsWith("mqtt://")) {
            return "tcp://" + url.substring("mqtt://".length());
        }
        return url;
    }

    static MqttConnectOptions options(Connection c, boolean cleanSession, Duration timeout) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(cleanSession);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout((int) Math.max(1, timeout.toSeconds()));
        o.setKeepAliveInterval(KEEP_ALIVE_S);
        o.setMaxInflight(1_000);
        if (c.username() != null) {
            o.setUserName(c.username());
        }
        if (c.password() != null) {
            o.setPassword(c.password().toCharArray());
        }
        return o;
    }

    @Override
    public void test(Connection connection, Duration timeout) throws Exception {
        MqttClient client = new MqttClient(pahoUrl(connection.url()), "flowgate-test-" + shortId(),
                new MemoryPersistence());
        try {
            client.connect(options(connection, true, timeout));
            client.disconnect();
        } finally {
            client.close(true);
        }
    }

    @Override
    public BrokerSession open(Connection connection, SourceSpec source, String nodeId) throws Exception {
        // One node at a time holds a plain subscription (by lease), under one client id per source, so the node
        // that takes it over finds the session and the messages queued in it; shared ones are one client per node.
        boolean shared = source.target().path("shared").asBoolean();
        String clientId = shared ? clientId(source.name() + "-" + nodeId) : clientId(source.name());
        MqttClient client = new MqttClient(pahoUrl(connection.url()), clientId, new MemoryPersistence());
        MqttSession session = new MqttSession(client);
        try {
            client.setManualAcks(true);
            client.setCallback(session.callback());
            client.connect(options(connection, false, Duration.ofSeconds(CONNECT_TIMEOUT_S)));
            String topic = shared ? "$share/flowgate-" + source.name() + "/" + source.text("topic")
                    : source.text("topic");
            client.subscribe(topic, 1);
            return session;
        } catch (Exception | Error e) {
            session.close();
            throw e;
        }
    }

    /** Stable: the broker keeps the session (and its queued messages) under it. */
    static String clientId(String name) {
        String id = ("flowgate-" + name).replaceAll("[^A-Za-z0-9_-]", "_");
        return id.length() > 64 ? id.substring(0, 64) : id;
    }

    @Override
    public JsonNode publish(Connection connection, Publisher.Message m) throws Exception {
        MqttAsyncClient client = publishingClient(connection);
        String topic = m.target().path("topic").asText();
        if (topic.isBlank()) {
            throw new Publisher.Failure("mqtt.topic rendered empty", false);
        }
        MqttMessage message = new MqttMessage(m.body());
        message.setQos(m.target().path("qos").asInt(1));
        IMqttDeliveryToken token = client.publish(topic, message);
        token.waitForCompletion(m.timeout().toMillis());
        if (!token.isComplete()) {
            throw new Publisher.Failure("the broker did not confirm within " + m.timeout(), true);
        }
        ObjectNode out = Json.object();
        out.put("connection", connection.name());
        out.put("topic", topic);
        out.put("qos", message.getQos());
        out.put("messageId", m.messageId());
        return out;
    }

    private MqttAsyncClient publishingClient(Connection c) throws Exception {
        Kept kept = publishing.get(c.name());
        if (kept != null && kept.version().equals(c.updatedAt()) && kept.client().isConnected()) {
            return kept.client();
        }
        synchronized (publishing) {
            kept = publishing.get(c.name());
            if (kept != null && kept.version().equals(c.updatedAt()) && kept.client().isConnected()) {
                return kept.client();
            }
            if (kept != null) {
                closeQuietly(kept.client());
            }
            MqttAsyncClient client = new MqttAsyncClient(pahoUrl(c.url()), "flowgate-pub-" + shortId(),
                    new MemoryPersistence());
            client.connect(options(c, true, Duration.ofSeconds(CONNECT_TIMEOUT_S))).waitForCompletion(
                    CONNECT_TIMEOUT_S * 1000L);
            publishing.put(c.name(), new Kept(client, c.updatedAt()));
            return client;
        }
    }

    private static String shortId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    @Override
    public void forget(String connectionName) {
        Kept kept = publishing.remove(connectionName);
        if (kept != null) {
            closeQuietly(kept.client());
        }
    }

    @Override
    public void close() {
        publishing.keySet().forEach(this::forget);
    }

    static void closeQuietly(MqttAsyncClient client) {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(1_000);
            }
            client.close(true);
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
