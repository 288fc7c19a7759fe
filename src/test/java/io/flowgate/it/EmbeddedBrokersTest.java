package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The brokers the suite starts where the machine runs none ({@link BrokerServers}): {@code nats-server -js},
 * Qpid Broker-J and Moquette, each started here whatever the machine runs, so that fallback is exercised in every
 * run. On each: a publish step reaches another workflow through a source, once, and a plain message published
 * by the test starts one run. On SQLite.
 */
class EmbeddedBrokersTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nats", "amqp", "mqtt"})
    void publish_then_run_on_the_embedded_broker(String kind) throws Exception {
        String id = BrokerServers.unique("e");
        String type = "com.test.embedded." + id;
        try (OwnedBroker owned = BrokerServers.own(kind);
             BrokerClient broker = BrokerClient.of(kind, id, owned.port());
             TestServer server = TestServer.sqlite(dir)) {
            Http http = server.http();
            Sources sources = new Sources(http);
            sources.eventWorkflow(id + "-recv", type);
            String target = switch (kind) {
                case "nats" -> "nats: {subject: \"" + id + ".out\"}";
                case "amqp" -> "amqp: {exchange: \"\", routingKey: \"" + id + "\"}";
                default -> "mqtt: {topic: \"" + id + "/out\", qos: 1}";
            };
            sources.apply("""
                    id: %s-send
                    steps:
                      - id: tell
                        type: publish
                        connection: %s
                        %s
                        body: '{{ $string({"order": inputs.order}) }}'
                    """.formatted(id, id, target));
            sources.connection(broker.connection());
            sources.create(id, id, kind, broker.target(), type);
            sources.awaitState(id, "connected");

            Http.Reply sent = http.postJson("/api/v1/workflows/" + id + "-send/executions?wait=PT30S",
                    Map.of("inputs", Map.of("order", "A-7")));
            assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
            assertThat(sent.json().path("status").asText()).as(sent.toString()).isEqualTo("completed");
            JsonNode run = sources.awaitCompleted(sources.awaitRuns(id + "-recv", 1).get(0).path("id").asText());
            assertThat(run.path("steps").get(0).path("outputs").path("event").path("data").path("order").asText())
                    .isEqualTo("A-7");

            broker.publish(42);
            JsonNode runs = sources.awaitRuns(id + "-recv", 2);
            JsonNode plain = sources.awaitCompleted(runs.get(0).path("id").asText());
            assertThat(plain.path("steps").get(0).path("outputs").path("event").path("data").path("n").asInt())
                    .isEqualTo(42);
            sources.delete(id);
        }
    }
}
