package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Json;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A NATS JetStream event source and the publish step, end to end on SQLite against the suite's NATS
 * ({@link BrokerServers}): plain, structured and binary CloudEvent messages start runs once each; a publish step reaches
 * another workflow through a source exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NatsSourceTest {
    static final Duration LONG = Sources.LONG;
    Path dir;
    TestServer server;
    Http http;
    Sources sources;

    /** SQLite here; {@code PostgresNatsSourceTest} runs the same cases on PostgreSQL. */
    TestServer startServer(Path dir) throws Exception {
        return TestServer.sqlite(dir);
    }

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("flowgate-nats-it");
        server = startServer(dir);
        http = server.http();
        sources = new Sources(http);
        assertThat(http.postJson("/api/v1/connections", Map.of("name", "local-nats", "kind", "nats",
                "url", BrokerServers.natsUrl())).status()).isEqualTo(201);
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        BrokerTestFiles.delete(dir);
    }

    @Test
    void plain_structured_and_binary_messages_start_one_run_each() throws Exception {
        String id = BrokerServers.unique("n");
        try (var stream = BrokerServers.natsStream("FG_" + id, id + ".>")) {
            String type = "com.test." + id;
            sources.apply("""
                    id: %s
                    triggers:
                      events: [{type: %s}]
                    steps:
                      - {id: t, type: transform, output: '{"got": trigger.event}'}
                    """.formatted(id, type));
            source(id, Map.of("stream", "FG_" + id, "subject", id + ".>"), type);
            sources.awaitState(id, "connected");

            var js = stream.nc().jetStream();
            js.publish(id + ".orders", "{\"orderId\":\"A-1\"}".getBytes(StandardCharsets.UTF_8));
            js.publish(id + ".orders", "plain text".getBytes(StandardCharsets.UTF_8));
            js.publish(id + ".orders", Json.write(Map.of("specversion", "1.0", "id", "ce-1", "source", "/shop",
                    "type", type, "data", Map.of("n", 3))).getBytes(StandardCharsets.UTF_8));
            Headers h = new Headers().put("ce-specversion", "1.0").put("ce-id", "bin-1").put("ce-source", "/wh")
                    .put("ce-type", type).put("content-type", "application/json");
            js.publish(NatsMessage.builder().subject(id + ".orders").headers(h).data("{\"b\":1}").build());

            JsonNode runs = sources.awaitRuns(id, 4);
            assertThat(runs.findValuesAsText("id")).hasSize(4);
            var events = http.get("/api/v1/events?type=" + type + "&limit=10").json().path("items");
            assertThat(events).hasSize(4);
            JsonNode wrapped = Sources.find(events, "1");
            assertThat(wrapped.path("source").asText()).isEqualTo("local-nats/" + id + ".>");
            assertThat(wrapped.path("subject").asText()).isEqualTo(id + ".orders");
            assertThat(wrapped.path("data").path("orderId").asText()).isEqualTo("A-1");
            assertThat(Sources.find(events, "2").path("data").asText()).isEqualTo("plain text");
            assertThat(Sources.find(events, "ce-1").path("source").asText()).isEqualTo("/shop");
            assertThat(Sources.find(events, "ce-1").path("data").path("n").asInt()).isEqualTo(3);
            assertThat(Sources.find(events, "bin-1").path("source").asText()).isEqualTo("/wh");
            assertThat(Sources.find(events, "bin-1").path("data").path("b").asInt()).isEqualTo(1);

            JsonNode listed = sources.get(id);
            assertThat(listed.path("messages").asLong()).isEqualTo(4);
            assertThat(listed.path("acks").asLong()).isEqualTo(4);
            assertThat(listed.path("lastMessageAt").isTextual()).isTrue();
            await().atMost(LONG).until(() -> sources.get(id).path("pending").asLong(-1) == 0);
            assertThat(http.get("/metrics").raw().body().lines()
                    .filter(l -> l.startsWith("flowgate_source_acks_total{") && l.contains("source=\"" + id + "\""))
                    .findFirst()).hasValueSatisfying(l -> assertThat(l).endsWith(" 4.0"));
            sources.delete(id);
        }
    }

    @Test
    void a_publish_step_reaches_another_workflow_through_a_source_exactly_once() throws Exception {
        String id = BrokerServers.unique("p");
        try (var stream = BrokerServers.natsStream("FG_" + id, id + ".>")) {
            String type = "com.test." + id;
            sources.apply("""
                    id: %s-recv
                    triggers:
                      events: [{type: %s}]
                    steps:
                      - {id: t, type: transform, output: '{"order": trigger.event.data.order}'}
                    """.formatted(id, type));
            sources.apply("""
                    id: %s-send
                    steps:
                      - id: tell
                        type: publish
                        connection: local-nats
                        nats: {subject: "%s.out.{{ inputs.region }}"}
                        body: '{{ $string({"order": inputs.order}) }}'
                        headers: {x-shop: eu}
                    """.formatted(id, id));
            source(id, Map.of("stream", "FG_" + id, "subject", id + ".out.*"), type);
            sources.awaitState(id, "connected");
            Http.Reply started = http.postJson("/api/v1/workflows/" + id + "-send/executions?wait=PT30S",
                    Map.of("inputs", Map.of("order", "A-7", "region", "eu")));
            assertThat(started.status()).as(started.toString()).isEqualTo(200);
            JsonNode outputs = started.json().path("steps").get(0).path("outputs");
            assertThat(outputs.path("stream").asText()).isEqualTo("FG_" + id);
            assertThat(outputs.path("seq").asLong()).isEqualTo(1);
            assertThat(outputs.path("messageId").asText()).endsWith(":tell");

            JsonNode runs = sources.awaitRuns(id + "-recv", 1);
            String runId = runs.get(0).path("id").asText();
            await().atMost(LONG).until(() -> http.get("/api/v1/executions/" + runId).json().path("status").asText()
                    .equals("completed"));
            assertThat(http.get("/api/v1/executions/" + runId).json().path("steps").get(0).path("outputs")
                    .path("order").asText()).isEqualTo("A-7");
            var msg = stream.nc().jetStreamManagement().getMessage("FG_" + id, 1);
            assertThat(msg.getHeaders().getFirst("Nats-Msg-Id")).endsWith(":tell");
            assertThat(msg.getHeaders().getFirst("x-shop")).isEqualTo("eu");
            // The same attempt key again (a step run again after a crash) is dropped by JetStream's window.
            var again = stream.nc().jetStream().publish(NatsMessage.builder().subject(id + ".out.eu")
                    .headers(new Headers().put("Nats-Msg-Id", msg.getHeaders().getFirst("Nats-Msg-Id")))
                    .data("{}").build());
            assertThat(again.isDuplicate()).isTrue();
            assertThat(http.get("/api/v1/executions?workflowId=" + id + "-recv").json().path("items")).hasSize(1);
        }
    }

    @Test
    void a_source_on_a_missing_stream_says_why_and_recovers_when_it_appears() throws Exception {
        String id = BrokerServers.unique("m");
        source(id, Map.of("stream", "FG_" + id, "subject", id + ".>"), "com.test." + id);
        sources.awaitState(id, "error");
        assertThat(sources.get(id).path("lastError").asText()).containsIgnoringCase("stream not found");
        try (var stream = BrokerServers.natsStream("FG_" + id, id + ".>")) {
            sources.awaitState(id, "connected");
        }
        sources.delete(id);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    void source(String name, Map<String, String> nats, String type) {
        sources.create(name, "local-nats", "nats", nats, type);
    }
}
