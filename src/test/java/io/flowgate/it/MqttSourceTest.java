package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An MQTT event source and the publish step, end to end on SQLite against the suite's MQTT broker
 * ({@link BrokerServers}: Mosquitto, else Moquette): plain
 * and structured CloudEvent messages; messages published while the source is away wait in its persistent
 * session; a publish step reaches another workflow through a source exactly once (QoS 1, PUBACK).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MqttSourceTest {
    static final Duration LONG = Sources.LONG;
    Path dir;
    TestServer server;
    Http http;
    Sources sources;
    MqttClient publisher;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("flowgate-mqtt-it");
        server = TestServer.sqlite(dir);
        http = server.http();
        sources = new Sources(http);
        Http.Reply r = http.postJson("/api/v1/connections", Map.of("name", "local-mqtt", "kind", "mqtt",
                "url", BrokerServers.mqttUrl()));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        publisher = new MqttClient(BrokerServers.mqttTcp(), BrokerServers.unique("fg-test-"), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        publisher.connect(o);
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (publisher != null) {
            publisher.disconnect();
            publisher.close();
        }
        BrokerTestFiles.delete(dir);
    }

    @Test
    void plain_and_structured_messages_start_runs_and_messages_sent_while_away_wait_in_the_session()
            throws Exception {
        String id = BrokerServers.unique("q");
        String type = "com.test." + id;
        sources.eventWorkflow(id, type);
        source(id, type);
        sources.awaitState(id, "connected");
        publish(id + "/orders", "{\"orderId\":\"A-1\"}");
        publish(id + "/orders", Json.write(Map.of("specversion", "1.0", "id", "ce-1", "source", "/shop",
                "type", type, "data", Map.of("n", 3))));
        sources.awaitRuns(id, 2);
        var events = http.get("/api/v1/events?type=" + type + "&limit=10").json().path("items");
        assertThat(Sources.find(events, "ce-1").path("data").path("n").asInt()).isEqualTo(3);
        JsonNode plain = events.get(0).path("id").asText().equals("ce-1") ? events.get(1) : events.get(0);
        assertThat(plain.path("source").asText()).isEqualTo("local-mqtt/" + id + "/#");
        assertThat(plain.path("subject").asText()).isEqualTo(id + "/orders");
        assertThat(plain.path("data").path("orderId").asText()).isEqualTo("A-1");

        // Away: the source is deleted (its client disconnects), three messages are published, it comes back
        // under the same name (the same client id, so the same persistent session) and gets them.
        sources.delete(id);
        for (int i = 0; i < 3; i++) {
            publish(id + "/later", "{\"later\":" + i + "}");
        }
        source(id, type);
        sources.awaitRuns(id, 5);
        await().atMost(LONG).until(() -> sources.get(id).path("acks").asLong() == 3);
        assertThat(http.get("/api/v1/executions?limit=100&workflowId=" + id).json().path("items")).hasSize(5);
        sources.delete(id);
        clearSession(id);
    }

    @Test
    void a_publish_step_reaches_another_workflow_through_a_source_exactly_once() throws Exception {
        String id = BrokerServers.unique("qp");
        String type = "com.test." + id;
        sources.eventWorkflow(id + "-recv", type);
        sources.apply("""
                id: %s-send
                steps:
                  - id: tell
                    type: publish
                    connection: local-mqtt
                    mqtt: {topic: "%s/out", qos: 1}
                    body: '{{ $string({"order": inputs.order}) }}'
                """.formatted(id, id));
        source(id, type);
        sources.awaitState(id, "connected");
        Http.Reply started = http.postJson("/api/v1/workflows/" + id + "-send/executions?wait=PT30S",
                Map.of("inputs", Map.of("order", "A-7")));
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        assertThat(started.json().path("status").asText()).isEqualTo("completed");
        JsonNode runs = sources.awaitRuns(id + "-recv", 1);
        String runId = runs.get(0).path("id").asText();
        await().atMost(LONG).until(() -> http.get("/api/v1/executions/" + runId).json().path("status").asText()
                .equals("completed"));
        assertThat(http.get("/api/v1/executions/" + runId).json().path("steps").get(0).path("outputs")
                .path("event").path("data").path("order").asText()).isEqualTo("A-7");
        await().atMost(LONG).until(() -> sources.get(id).path("acks").asLong() == 1);
        assertThat(http.get("/api/v1/executions?workflowId=" + id + "-recv").json().path("items")).hasSize(1);
        sources.delete(id);
        clearSession(id);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** The broker keeps a source's persistent session after the source is gone; a test leaves none behind. */
    void clearSession(String source) throws Exception {
        BrokerServers.clearMqttSession("flowgate-" + source);
    }

    void publish(String topic, String body) throws Exception {
        publisher.publish(topic, body.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    void source(String name, String type) {
        sources.create(name, "local-mqtt", "mqtt", Map.of("topic", name + "/#"), type);
    }
}
