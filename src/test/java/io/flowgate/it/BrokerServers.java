package io.flowgate.it;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The brokers the broker tests talk to, chosen here and nowhere else. Machines of this kind run NATS with
 * JetStream (4222), RabbitMQ (5672, guest/guest) and Mosquitto (1883) on loopback; where nothing answers on a
 * standard port, or where {@code -Dflowgate.test.brokers=embedded} (or {@code FLOWGATE_TEST_BROKERS=embedded})
 * says so, the suite starts its own once per JVM instead: {@code nats-server -js} from {@code PATH}, Apache Qpid
 * Broker-J ({@link QpidBroker}) and Moquette ({@link MoquetteBroker}), each on a free port. No broker test is
 * skipped: a broker that can be neither found nor started fails the test with the reason.
 *
 * <p>Each test makes its own uniquely named stream, queue or topic and removes it afterwards.
 */
final class BrokerServers {
    static final String FORCE_PROPERTY = "flowgate.test.brokers";

    private BrokerServers() {}

    static boolean embeddedForced() {
        String v = System.getProperty(FORCE_PROPERTY, System.getenv().getOrDefault("FLOWGATE_TEST_BROKERS", ""));
        return v.equalsIgnoreCase("embedded");
    }

    /** The machine's broker on its standard port, else one this JVM starts (kept until the JVM exits). */
    private static int machineOr(int standardPort, Supplier<OwnedBroker> embedded) {
        if (!embeddedForced() && OwnedBroker.answers(standardPort)) {
            return standardPort;
        }
        OwnedBroker broker = embedded.get();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "flowgate-test-broker-stop"));
        return broker.port();
    }

    private static final class NatsPort {
        static final int PORT = machineOr(4222, NatsServerProcess::new);
    }

    private static final class AmqpPort {
        static final int PORT = machineOr(5672, QpidBroker::new);
    }

    private static final class MqttPort {
        static final int PORT = machineOr(1883, MoquetteBroker::new);
    }

    static int natsPort() {
        return NatsPort.PORT;
    }

    static int amqpPort() {
        return AmqpPort.PORT;
    }

    static int mqttPort() {
        return MqttPort.PORT;
    }

    static String natsUrl() {
        return natsUrl(natsPort());
    }

    static String natsUrl(int port) {
        return "nats://127.0.0.1:" + port;
    }

    /** With RabbitMQ's (and the embedded Qpid's) guest account and the default virtual host. */
    static String amqpUrl() {
        return amqpUrl(amqpPort());
    }

    static String amqpUrl(int port) {
        return "amqp://guest:guest@127.0.0.1:" + port + "/%2F";
    }

    static String mqttUrl() {
        return mqttUrl(mqttPort());
    }

    static String mqttUrl(int port) {
        return "mqtt://127.0.0.1:" + port;
    }

    /** The same MQTT broker as Paho spells it. */
    static String mqttTcp() {
        return mqttTcp(mqttPort());
    }

    static String mqttTcp(int port) {
        return "tcp://127.0.0.1:" + port;
    }

    /**
     * A broker of {@code kind} that the test owns (to stop and start), always one the test starts: the suite's
     * fallbacks, except that a restart of MQTT needs Mosquitto ({@link MosquittoProcess} says why).
     */
    static OwnedBroker ownForRestart(String kind) {
        return kind.equals("mqtt") ? new MosquittoProcess() : own(kind);
    }

    /** A broker of {@code kind} that the test owns: the one the suite falls back to. */
    static OwnedBroker own(String kind) {
        return switch (kind) {
            case "nats" -> new NatsServerProcess();
            case "amqp" -> new QpidBroker();
            case "mqtt" -> new MoquetteBroker();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** A file-backed stream holding {@code subjects}; close the returned handle to delete it. */
    static NatsStream natsStream(String name, String subjects) throws Exception {
        return natsStream(natsUrl(), name, subjects);
    }

    static NatsStream natsStream(String url, String name, String subjects) throws Exception {
        Connection nc = Nats.connect(url);
        JetStreamManagement jsm = nc.jetStreamManagement();
        jsm.addStream(StreamConfiguration.builder().name(name).subjects(subjects).storageType(StorageType.File)
                .build());
        return new NatsStream(nc, name);
    }

    /** Ends a persistent MQTT session the broker keeps for {@code clientId} (a clean-session connect clears it). */
    static void clearMqttSession(String clientId) throws Exception {
        var client = new MqttClient(mqttTcp(), clientId, new MemoryPersistence());
        var options = new MqttConnectOptions();
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
