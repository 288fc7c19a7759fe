package io.flowgate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Json;
import io.flowgate.engine.ExecutionStatus;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExecutionRoutesTest {
    private final ApiTestServer api = new ApiTestServer();

    @BeforeEach
    void workflow() {
        api.post("/api/v1/workflows", api.editor, "application/yaml", WorkflowRoutesTest.ORDERS);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private String run() {
        ApiTestServer.Reply reply = api.postJson("/api/v1/workflows/orders/executions", api.operator, "");
        assertThat(reply.status()).isEqualTo(202);
        return reply.json().get("activityId").asText();
    }

    @Test
    void starting_answers_202_with_the_activity_id_and_passes_the_inputs() {
        ApiTestServer.Reply reply = api.postJson("/api/v1/workflows/orders/executions", api.operator,
                "{\"inputs\":{\"region\":\"eu\"}}");
        assertThat(reply.status()).isEqualTo(202);
        String id = reply.json().get("activityId").asText();
        assertThat(id).hasSize(24);
        assertThat(reply.header("Location")).isEqualTo("/api/v1/executions/" + id);
        assertThat(api.executions.lastInputs.get("region").asText()).isEqualTo("eu");
    }

    @Test
    void a_viewer_may_not_start_and_inputs_must_be_an_object() {
        assertThat(api.postJson("/api/v1/workflows/orders/executions", api.viewer, "{}").status()).isEqualTo(403);
        ApiTestServer.Reply bad = api.postJson("/api/v1/workflows/orders/executions", api.operator, "{\"inputs\":[1]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("code").asText()).isEqualTo("invalid_inputs");
        assertThat(api.postJson("/api/v1/workflows/missing/executions", api.operator, "").status()).isEqualTo(404);
    }

    @Test
    void the_status_document_has_the_boomerang_shape() {
        String id = run();
        api.executions.finish(id, ExecutionStatus.COMPLETED);
        JsonNode doc = api.get("/api/v1/executions/" + id, api.viewer).json();
        assertThat(doc.fieldNames()).toIterable().containsExactly("id", "creationDate", "duration", "status",
                "workflowId", "workflowRevisionid", "revision", "trigger", "teamName", "steps");
        assertThat(doc.get("status").asText()).isEqualTo("completed");
        assertThat(doc.get("workflowRevisionid").asText()).isEqualTo("1");
        assertThat(doc.get("trigger").asText()).isEqualTo("manual");
        assertThat(doc.get("creationDate").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");
        JsonNode step = doc.get("steps").get(0);
        assertThat(step.fieldNames()).toIterable().containsExactly("activityId", "id", "taskId", "taskName", "order",
                "flowTaskStatus", "startTime", "duration", "attempt", "outputs");
        assertThat(step.get("id").asText()).isEqualTo(id + ":total");
        assertThat(step.get("outputs").get("step").asText()).isEqualTo("total");
        assertThat(api.get("/api/v1/executions/nope", api.viewer).status()).isEqualTo(404);
    }

    @Test
    void with_wait_an_execution_that_ends_in_time_answers_200_with_its_status() {
        api.executions.completeOnStart = true;
        ApiTestServer.Reply reply = api.postJson("/api/v1/workflows/orders/executions?wait=PT5S", api.operator, "{}");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("status").asText()).isEqualTo("completed");
        assertThat(reply.json().get("steps")).hasSize(2);
    }

    @Test
    void with_wait_an_execution_still_running_answers_202_with_a_location() {
        ApiTestServer.Reply reply = api.postJson("/api/v1/workflows/orders/executions?wait=PT0.1S", api.operator, "");
        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.header("Location")).isEqualTo("/api/v1/executions/" + reply.json().get("activityId").asText());
        assertThat(api.postJson("/api/v1/workflows/orders/executions?wait=soon", api.operator, "").status())
                .isEqualTo(400);
    }

    @Test
    void listing_pages_newest_first_with_a_cursor_and_without_steps() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(run());
            // execution ids are time-ordered to the millisecond: each run gets its own millisecond
            api.clock.advance(Duration.ofMillis(1));
        }
        JsonNode first = api.get("/api/v1/executions?limit=2&workflowId=orders", api.viewer).json();
        assertThat(first.get("items")).hasSize(2);
        assertThat(first.get("items").get(0).has("steps")).isFalse();
        String next = first.get("next").asText();
        JsonNode second = api.get("/api/v1/executions?limit=2&cursor=" + next, api.viewer).json();
        assertThat(second.get("items")).hasSize(1);
        assertThat(second.get("next").isNull()).isTrue();
        List<String> listed = new ArrayList<>();
        first.get("items").forEach(i -> listed.add(i.get("id").asText()));
        second.get("items").forEach(i -> listed.add(i.get("id").asText()));
        assertThat(listed).containsExactlyElementsOf(ids.reversed());
        assertThat(api.get("/api/v1/executions?status=weird", api.viewer).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/executions?status=completed", api.viewer).json().get("items")).isEmpty();
        assertThat(api.get("/api/v1/executions?trigger=manual", api.viewer).json().get("items")).hasSize(3);
        assertThat(api.get("/api/v1/executions?trigger=webhook", api.viewer).json().get("items")).isEmpty();
        var unknownTrigger = api.get("/api/v1/executions?trigger=cron", api.viewer);
        assertThat(unknownTrigger.status()).isEqualTo(400);
        assertThat(unknownTrigger.json().get("code").asText()).isEqualTo("invalid_trigger");
    }

    @Test
    void cancelling_a_finished_execution_answers_409() {
        String id = run();
        ApiTestServer.Reply cancelled = api.postJson("/api/v1/executions/" + id + "/cancel", api.operator, "");
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("cancelled");
        ApiTestServer.Reply again = api.postJson("/api/v1/executions/" + id + "/cancel", api.operator, "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("code").asText()).isEqualTo("execution_finished");
    }

    @Test
    void retry_is_only_for_failed_or_cancelled_executions() {
        String id = run();
        assertThat(api.postJson("/api/v1/executions/" + id + "/retry", api.operator, "{}").status()).isEqualTo(409);
        api.executions.finish(id, ExecutionStatus.FAILURE);
        JsonNode failed = api.get("/api/v1/executions/" + id, api.viewer).json();
        assertThat(failed.get("error").asText()).isEqualTo("Step failed: boom");
        assertThat(failed.get("steps").get(1).get("error").asText()).isEqualTo("boom");
        ApiTestServer.Reply retried = api.postJson("/api/v1/executions/" + id + "/retry", api.operator,
                "{\"stepId\":\"notify\"}");
        assertThat(retried.status()).isEqualTo(202);
        assertThat(retried.json().get("status").asText()).isEqualTo("inProgress");
        assertThat(api.executions.lastStepRetried).isEqualTo("notify");
    }

    @Test
    void the_stream_sends_the_current_status_then_each_change_and_closes_after_the_end() throws Exception {
        String id = run();
        HttpResponse<InputStream> response = api.client().send(
                api.request("/api/v1/executions/" + id + "/stream", api.viewer).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<String> lines = new ArrayList<>();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> data(lines).size() == 1 && api.executions.subscribers(id) == 1);
        api.executions.begin(id);
        await().atMost(Duration.ofSeconds(5)).until(() -> data(lines).size() == 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> heartbeats(lines) > 0);
        api.executions.finish(id, ExecutionStatus.COMPLETED);
        reading.get(5, java.util.concurrent.TimeUnit.SECONDS);

        List<JsonNode> events = data(lines);
        assertThat(events).extracting(e -> e.get("status").asText())
                .containsExactly("notstarted", "inProgress", "completed");
        assertThat(lines).contains("event: status");
        await().until(() -> api.executions.subscribers(id) == 0);
    }

    @Test
    void stopping_the_server_ends_open_streams_instead_of_waiting_for_a_change() throws Exception {
        try (ApiTestServer quiet = new ApiTestServer(new SimpleDefinitionParser(), Duration.ofMinutes(1))) {
            quiet.post("/api/v1/workflows", quiet.editor, "application/yaml", WorkflowRoutesTest.ORDERS);
            String id = quiet.postJson("/api/v1/workflows/orders/executions", quiet.operator, "").json()
                    .get("activityId").asText();
            quiet.client().sendAsync(quiet.request("/api/v1/executions/" + id + "/stream", quiet.viewer).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            await().atMost(Duration.ofSeconds(5)).until(() -> quiet.server.openStreams() == 1);
            quiet.server.stop();
            await().atMost(Duration.ofSeconds(5)).until(() -> quiet.executions.subscribers(id) == 0);
        }
    }

    private static List<JsonNode> data(List<String> lines) {
        synchronized (lines) {
            return lines.stream().filter(l -> l.startsWith("data: ")).map(l -> Json.read(l.substring(6))).toList();
        }
    }

    private static long heartbeats(List<String> lines) {
        synchronized (lines) {
            return lines.stream().filter(l -> l.startsWith(":")).count();
        }
    }
}
