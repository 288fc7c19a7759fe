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
 * An MQTT event source and the publish step, end to end on SQLite against Mosquitto on 127.0.0.1:1883: plain
 * and structured CloudEvent messages; messages published while the source is away wait in its persistent
 * session; a publish step reaches another workflow through a source exactly once (QoS 1, PUBACK).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MqttSourceTest {
    static final Duration LONG = Duration.ofSeconds(60);
    Path dir;
    TestServer server;
    Http http;
    MqttClient publisher;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("flowgate-mqtt-it");
        server = TestServer.sqlite(dir);
        http = server.http();
        Http.Reply r = http.postJson("/api/v1/connections", Map.of("name", "local-mqtt", "kind", "mqtt",
                "url", BrokerServers.MQTT_URL));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        publisher = new MqttClient("tcp://127.0.0.1:1883", BrokerServers.unique("fg-test-"), new MemoryPersistence());
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
        apply(id, type);
        source(id, type);
        await().atMost(LONG).until(() -> state(id).equals("connected"));
        publish(id + "/orders", "{\"orderId\":\"A-1\"}");
        publish(id + "/orders", Json.write(Map.of("specversion", "1.0", "id", "ce-1", "source", "/shop",
                "type", type, "data", Map.of("n", 3))));
        awaitRuns(id, 2);
        var events = http.get("/api/v1/events?type=" + type + "&limit=10").json().path("items");
        assertThat(NatsSourceTest.find(events, "ce-1").path("data").path("n").asInt()).isEqualTo(3);
        JsonNode plain = events.get(0).path("id").asText().equals("ce-1") ? events.get(1) : events.get(0);
        assertThat(plain.path("source").asText()).isEqualTo("local-mqtt/" + id + "/#");
        assertThat(plain.path("subject").asText()).isEqualTo(id + "/orders");
        assertThat(plain.path("data").path("orderId").asText()).isEqualTo("A-1");

        // Away: the source is deleted (its client disconnects), three messages are published, it comes back
        // under the same name (the same client id, so the same persistent session) and gets them.
        assertThat(http.delete("/api/v1/event-sources/" + id).status()).isEqualTo(204);
        for (int i = 0; i < 3; i++) {
            publish(id + "/later", "{\"later\":" + i + "}");
        }
        source(id, type);
        awaitRuns(id, 5);
        await().atMost(LONG).until(() -> source(id).path("acks").asLong() == 3);
        assertThat(http.get("/api/v1/executions?limit=100&workflowId=" + id).json().path("items")).hasSize(5);
        assertThat(http.delete("/api/v1/event-sources/" + id).status()).isEqualTo(204);
        clearSession(id);
    }

    @Test
    void a_publish_step_reaches_another_workflow_through_a_source_exactly_once() throws Exception {
        String id = BrokerServers.unique("qp");
        String type = "com.test." + id;
        apply(id + "-recv", type);
        assertThat(http.postYaml("/api/v1/workflows", """
                id: %s-send
                steps:
                  - id: tell
                    type: publish
                    connection: local-mqtt
                    mqtt: {topic: "%s/out", qos: 1}
                    body: '{{ $string({"order": inputs.order}) }}'
                """.formatted(id, id)).status()).isIn(200, 201);
        source(id, type);
        await().atMost(LONG).until(() -> state(id).equals("connected"));
        Http.Reply started = http.postJson("/api/v1/workflows/" + id + "-send/executions?wait=PT30S",
                Map.of("inputs", Map.of("order", "A-7")));
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        assertThat(started.json().path("status").asText()).isEqualTo("completed");
        JsonNode runs = awaitRuns(id + "-recv", 1);
        String runId = runs.get(0).path("id").asText();
        await().atMost(LONG).until(() -> http.get("/api/v1/executions/" + runId).json().path("status").asText()
                .equals("completed"));
        assertThat(http.get("/api/v1/executions/" + runId).json().path("steps").get(0).path("outputs")
                .path("event").path("data").path("order").asText()).isEqualTo("A-7");
        await().atMost(LONG).until(() -> source(id).path("acks").asLong() == 1);
        assertThat(http.get("/api/v1/executions?workflowId=" + id + "-recv").json().path("items")).hasSize(1);
        assertThat(http.delete("/api/v1/event-sources/" + id).status()).isEqualTo(204);
        clearSession(id);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** The broker keeps a source's persistent session after the source is gone; a test leaves none behind. */
    void clearSession(String source) throws Exception {
        BrokerServers.clearMqttSession("flowgate-" + source + "-" + TestServer.config(dir).nodeId());
    }

    void publish(String topic, String body) throws Exception {
        publisher.publish(topic, body.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    void apply(String id, String type) {
        Http.Reply r = http.postYaml("/api/v1/workflows", """
                id: %s
                triggers:
                  events: [{type: %s}]
                steps:
                  - {id: t, type: transform, output: '{"event": trigger.event}'}
                """.formatted(id, type));
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
    }

    void source(String name, String type) {
        Http.Reply r = http.postJson("/api/v1/event-sources", Map.of("name", name, "connection", "local-mqtt",
                "mqtt", Map.of("topic", name + "/#"), "event", Map.of("type", type)));
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
    }

    JsonNode source(String name) {
        return http.get("/api/v1/event-sources/" + name).json();
    }

    String state(String name) {
        return source(name).path("state").asText();
    }

    JsonNode awaitRuns(String workflowId, int count) {
        try {
            await().atMost(LONG).until(() -> http.get("/api/v1/executions?limit=100&workflowId=" + workflowId)
                    .json().path("items").size() >= count);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no " + count + " runs of " + workflowId + "; sources: "
                    + http.get("/api/v1/event-sources").json(), e);
        }
        JsonNode items = http.get("/api/v1/executions?limit=100&workflowId=" + workflowId).json().path("items");
        assertThat(items).hasSize(count);
        return items;
    }
}
