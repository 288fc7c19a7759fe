package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import io.flowgate.core.Json;
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
 * An AMQP 0-9-1 event source and the publish step, end to end on SQLite against the suite's AMQP broker
 * ({@link BrokerServers}: RabbitMQ, else Qpid Broker-J): plain, structured and binary CloudEvent messages; a repeated message-id starts one run; a
 * publish step reaches another workflow through a source exactly once, with publisher confirms.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AmqpSourceTest {
    static final Duration LONG = Sources.LONG;
    Path dir;
    TestServer server;
    Http http;
    Sources sources;
    com.rabbitmq.client.Connection rabbit;
    Channel channel;

    /** SQLite here; {@code PostgresAmqpSourceTest} runs the same cases on PostgreSQL. */
    TestServer startServer(Path dir) throws Exception {
        return TestServer.sqlite(dir);
    }

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("flowgate-amqp-it");
        server = startServer(dir);
        http = server.http();
        sources = new Sources(http);
        Http.Reply r = http.postJson("/api/v1/connections", Map.of("name", "local-rabbit", "kind", "amqp",
                "url", BrokerServers.amqpUrl()));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(BrokerServers.amqpUrl());
        rabbit = f.newConnection("flowgate-test");
        channel = rabbit.createChannel();
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (rabbit != null) {
            rabbit.close();
        }
        BrokerTestFiles.delete(dir);
    }

    @Test
    void plain_structured_and_binary_messages_start_one_run_each_and_a_repeated_message_id_one() throws Exception {
        String id = BrokerServers.unique("a");
        String type = "com.test." + id;
        try {
            sources.eventWorkflow(id, type);
            source(id, Map.of("queue", id, "declare", true), type);
            sources.awaitState(id, "connected");
            publish(id, null, null, Map.of(), "{\"orderId\":\"A-1\"}");
            publish(id, "m-1", null, Map.of(), "plain text");
            publish(id, "m-1", null, Map.of(), "plain text again, same message-id");
            publish(id, null, "application/cloudevents+json", Map.of(), Json.write(Map.of("specversion", "1.0",
                    "id", "ce-1", "source", "/shop", "type", type, "data", Map.of("n", 3))));
            publish(id, null, "application/json", Map.of("cloudEvents:specversion", "1.0", "cloudEvents:id", "bin-1",
                    "cloudEvents:source", "/wh", "cloudEvents:type", type), "{\"b\":1}");
            publish(id, null, "application/json", Map.of("cloudEvents_specversion", "1.0", "cloudEvents_id", "bin-2",
                    "cloudEvents_source", "/wh", "cloudEvents_type", type), "{\"b\":2}");

            sources.awaitRuns(id, 5);
            var events = http.get("/api/v1/events?type=" + type + "&limit=10").json().path("items");
            assertThat(events).hasSize(5);
            assertThat(Sources.find(events, "m-1").path("data").asText()).isEqualTo("plain text");
            assertThat(Sources.find(events, "m-1").path("source").asText()).isEqualTo("local-rabbit/" + id);
            assertThat(Sources.find(events, "ce-1").path("data").path("n").asInt()).isEqualTo(3);
            assertThat(Sources.find(events, "bin-1").path("source").asText()).isEqualTo("/wh");
            assertThat(Sources.find(events, "bin-2").path("data").path("b").asInt()).isEqualTo(2);
            await().atMost(LONG).until(() -> sources.get(id).path("acks").asLong() == 6);
            await().atMost(LONG).until(() -> sources.get(id).path("pending").asLong(-1) == 0);
            sources.delete(id);
        } finally {
            channel.queueDelete(id);
        }
    }

    @Test
    void a_publish_step_reaches_another_workflow_through_a_source_exactly_once() throws Exception {
        String id = BrokerServers.unique("ap");
        String type = "com.test." + id;
        try {
            channel.queueDeclare(id, true, false, false, null);
            sources.eventWorkflow(id + "-recv", type);
            sources.apply("""
                    id: %s-send
                    steps:
                      - id: tell
                        type: publish
                        connection: local-rabbit
                        amqp: {exchange: "", routingKey: "%s"}
                        body: '{{ $string({"order": inputs.order}) }}'
                        headers: {x-shop: eu}
                      - id: lost
                        type: publish
                        connection: local-rabbit
                        amqp: {exchange: "amq.direct", routingKey: "nobody-%s"}
                        body: x
                        retry: {max: 0}
                    """.formatted(id, id, id));
            source(id, Map.of("queue", id), type);
            sources.awaitState(id, "connected");
            Http.Reply started = http.postJson("/api/v1/workflows/" + id + "-send/executions?wait=PT30S",
                    Map.of("inputs", Map.of("order", "A-7")));
            assertThat(started.status()).as(started.toString()).isEqualTo(200);
            JsonNode steps = started.json().path("steps");
            assertThat(steps.get(0).path("outputs").path("messageId").asText()).endsWith(":tell");
            // Unroutable: the broker returns it, and the step says so instead of completing.
            assertThat(steps.get(1).path("flowTaskStatus").asText()).isEqualTo("failure");
            assertThat(steps.get(1).toString()).contains("no queue is bound");

            JsonNode runs = sources.awaitRuns(id + "-recv", 1);
            String runId = runs.get(0).path("id").asText();
            await().atMost(LONG).until(() -> http.get("/api/v1/executions/" + runId).json().path("status").asText()
                    .equals("completed"));
            JsonNode got = http.get("/api/v1/executions/" + runId).json().path("steps").get(0).path("outputs");
            assertThat(got.path("event").path("data").path("order").asText()).isEqualTo("A-7");
            assertThat(got.path("event").path("id").asText()).endsWith(":tell");
            // The same message again (a step attempt run again after a crash): same message-id, no second run.
            publish(id, got.path("event").path("id").asText(), "application/json", Map.of(), "{\"order\":\"A-7\"}");
            await().atMost(LONG).until(() -> sources.get(id).path("acks").asLong() == 2);
            assertThat(http.get("/api/v1/executions?workflowId=" + id + "-recv").json().path("items")).hasSize(1);
            sources.delete(id);
        } finally {
            channel.queueDelete(id);
        }
    }

    @Test
    void a_source_on_a_missing_queue_says_why() {
        String id = BrokerServers.unique("am");
        source(id, Map.of("queue", id), "com.test." + id);
        sources.awaitState(id, "error");
        // RabbitMQ says NOT_FOUND, Qpid Broker-J "not found": both with reply code 404.
        assertThat(sources.get(id).path("lastError").asText()).contains("reply-code=404");
        sources.delete(id);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    void publish(String queue, String messageId, String contentType, Map<String, Object> headers, String body)
            throws Exception {
        channel.basicPublish("", queue, new AMQP.BasicProperties.Builder().messageId(messageId).contentType(contentType)
                .headers(headers.isEmpty() ? null : headers).deliveryMode(2).build(), body.getBytes(StandardCharsets.UTF_8));
    }

    void source(String name, Map<String, Object> amqp, String type) {
        sources.create(name, "local-rabbit", "amqp", amqp, type);
    }
}
