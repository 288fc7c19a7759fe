package io.flowgate.it;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.util.UUID;

/**
 * The brokers the broker tests talk to: NATS with JetStream, RabbitMQ and Mosquitto on their standard loopback
 * ports, as machines of this kind run them. Each test makes its own uniquely named stream, queue or topic and
 * removes it afterwards.
 */
final class BrokerServers {
    static final String NATS_URL = "nats://127.0.0.1:4222";
    static final String AMQP_URL = "amqp://127.0.0.1:5672";
    static final String MQTT_URL = "mqtt://127.0.0.1:1883";

    private BrokerServers() {}

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** A file-backed stream holding {@code subject}.> ; close the returned handle to delete it. */
    static NatsStream natsStream(String name, String subjects) throws Exception {
        Connection nc = Nats.connect(NATS_URL);
        JetStreamManagement jsm = nc.jetStreamManagement();
        jsm.addStream(StreamConfiguration.builder().name(name).subjects(subjects).storageType(StorageType.File)
                .build());
        return new NatsStream(nc, name);
    }

    /** Ends a persistent MQTT session the broker keeps for {@code clientId} (a clean-session connect clears it). */
    static void clearMqttSession(String clientId) throws Exception {
        var client = new org.eclipse.paho.client.mqttv3.MqttClient("tcp://127.0.0.1:1883", clientId,
                new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        var options = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
        options.setCleanSession(true);
        client.connect(options);
        client.disconnect();
        client.close();
    }

    record NatsStream(Connection nc, String name) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            try {
                nc.jetStreamManagement().deleteStream(name);
            } finally {
                nc.close();
            }
        }
    }
}
