package io.flowgate.broker.mqtt;

import io.flowgate.broker.BrokerSession;
import io.flowgate.broker.Incoming;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/**
 * One persistent-session subscription. Messages arrive on Paho's thread and wait until the source loop fetches
 * them; each is acknowledged ({@code messageArrivedComplete}, the PUBACK) only after the commit. A batch that
 * cannot be committed is not acknowledged: the session is dropped, and the broker sends the messages again on the
 * next connect (same packet id, DUP set).
 *
 * <p>The message id is a hash of topic, packet id and payload: a redelivery hashes the same and is dropped by
 * the intake. MQTT 3.1.1 carries no message id of the publisher's, so two publishes of the same payload on the
 * same topic that happen to get the same packet id also hash the same (docs/events.md says when that can
 * happen). CloudEvents arrive in structured mode only (MQTT 3.1.1 has no user properties).
 */
final class MqttSession implements BrokerSession {
    private record Arrived(String topic, MqttMessage message) {}

    private final MqttClient client;
    private final LinkedBlockingQueue<Arrived> arrived = new LinkedBlockingQueue<>();
    private volatile Throwable lost;

    MqttSession(MqttClient client) {
        this.client = client;
    }

    MqttCallback callback() {
        return new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                lost = cause == null ? new IllegalStateException("the MQTT connection was lost") : cause;
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                arrived.add(new Arrived(topic, message));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        };
    }

    @Override
    public List<Incoming> fetch(int max, Duration wait) throws Exception {
        if (lost != null) {
            throw new IllegalStateException("the MQTT connection was lost: " + lost.getMessage(), lost);
        }
        Arrived first = arrived.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (first == null) {
            return List.of();
        }
        List<Arrived> batch = new ArrayList<>();
        batch.add(first);
        arrived.drainTo(batch, max - 1);
        List<Incoming> out = new ArrayList<>(batch.size());
        for (Arrived a : batch) {
            out.add(new Incoming(a.topic(), id(a.topic(), a.message()), null, Map.of(), a.message().getPayload(),
                    a.message()));
        }
        return out;
    }

    static String id(String topic, MqttMessage message) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((topic + "\n" + message.getId() + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(message.getPayload());
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void ack(List<Incoming> batch) throws Exception {
        for (Incoming m : batch) {
            MqttMessage message = (MqttMessage) m.handle();
            client.messageArrivedComplete(message.getId(), message.getQos());
        }
    }

    @Override
    public void nak(List<Incoming> batch) {
        // Unacknowledged QoS 1 messages come again only on a new connection of the same session.
        lost = new IllegalStateException("events could not be stored; reconnecting so the broker sends them again");
        arrived.clear();
    }

    @Override
    public long pending() {
        return -1;
    }

    @Override
    public void close() {
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
