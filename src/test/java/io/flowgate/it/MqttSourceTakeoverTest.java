package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowgate.App;
import io.flowgate.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An MQTT source without {@code shared} on two nodes on one PostgreSQL database: one node holds it by lease and
 * consumes (the other says {@code standby}); that node is SIGKILLed mid-stream, messages keep coming into the
 * source's persistent session, and the other node takes the source over once the lease (3 s here) ends. Every
 * message is exactly one event and one run.
 */
class MqttSourceTakeoverTest {
    static final int MESSAGES = 300;
    static final Duration LEASE = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    @Test
    void the_other_node_takes_a_single_consumer_source_over_when_its_holder_dies() throws Exception {
        String db = PostgresDatabases.create("flowgate_mqtt_lease");
        String id = BrokerServers.unique("t");
        String type = "com.test.takeover." + id;
        String jdbc = PostgresDatabases.url(db);
        try (BrokerClient mqtt = BrokerClient.of("mqtt", id);
             ServerProcess doomed = new ServerProcess(dir.resolve("a"), dir.resolve("a.log"), "--node-id", "node-a",
                     "--lease", "3s", "--db", jdbc)) {
            doomed.start();
            String key = Files.readString(dir.resolve("a").resolve("admin.key")).trim();
            Http onA = new Http(doomed.url(), key);
            Sources viaA = new Sources(onA);
            viaA.apply("""
                    id: %s
                    triggers:
                      events: [{type: %s}]
                    steps:
                      - {id: t, type: transform, output: '{"n": trigger.event.data.n}'}
                    """.formatted(id, type));
            viaA.connection(mqtt.connection());
            viaA.create(id, id, "mqtt", mqtt.target(), type);
            viaA.awaitState(id, "connected");

            Config other = TestServer.config(dir.resolve("b")).withDb(jdbc).withNodeId("node-b")
                    .withLeaseDuration(LEASE);
            try (App survivor = App.start(other, TestServer.CLUSTER_ENV)) {
                Sources viaB = new Sources(new Http(survivor.url(), key));
                viaB.awaitState(id, "standby");
                for (int i = 0; i < MESSAGES / 2; i++) {
                    mqtt.publish(i);
                }
                await().atMost(Sources.LONG).pollInterval(Duration.ofMillis(10))
                        .until(() -> viaA.get(id).path("acks").asLong() >= 1);
                assertThat(viaB.state(id)).isEqualTo("standby");
                doomed.kill();
                for (int i = MESSAGES / 2; i < MESSAGES; i++) {
                    mqtt.publish(i);
                }
                viaB.awaitState(id, "connected");
                await().atMost(Duration.ofSeconds(120)).until(() -> Sources.count(jdbc, "SELECT count(*) FROM "
                        + "executions WHERE workflow_id = '" + id + "' AND status = 'completed'") >= MESSAGES);
                assertThat(Sources.count(jdbc, "SELECT count(*) FROM events WHERE type = '" + type + "'"))
                        .isEqualTo(MESSAGES);
                assertThat(Sources.count(jdbc, "SELECT count(*) FROM executions WHERE workflow_id = '" + id + "'"))
                        .isEqualTo(MESSAGES);
                viaB.delete(id);
            }
        } finally {
            PostgresDatabases.drop(db);
        }
        BrokerServers.clearMqttSession("flowgate-" + id);
    }
}
