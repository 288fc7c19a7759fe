package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import io.flowgate.delivery.DeliverySettings;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Outbound step webhooks (docs/webhooks-outbound.md) end to end against real local receivers, once on SQLite and
 * once on PostgreSQL. Retry schedules and timeouts are set short in each workflow, so nothing sleeps.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DeliveryApiContract {
    Path dir;
    TestServer server;
    Http http;

    abstract TestServer startServer(Path dir) throws Exception;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("flowgate-deliv");
        server = startServer(dir);
        http = server.http();
    }

    @AfterAll
    void stop() throws java.io.IOException {
        if (server != null) {
            server.close();
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    void apply(String yaml) {
        Http.Reply r = http.postYaml("/api/v1/workflows", yaml);
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
    }

    String run(String workflow) {
        Http.Reply r = http.postJson("/api/v1/workflows/" + workflow + "/executions", Map.of("inputs", Map.of()));
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        return r.json().get("activityId").asText();
    }

    List<JsonNode> deliveries(String query) {
        List<JsonNode> out = new ArrayList<>();
        http.get("/api/v1/deliveries?" + query).json().get("items").forEach(out::add);
        return out;
    }

    List<JsonNode> awaitDeliveries(String executionId, int count, String status) {
        List<List<JsonNode>> found = new ArrayList<>(List.of(List.of()));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            List<JsonNode> items = deliveries("executionId=" + executionId);
            found.set(0, items);
            return items.size() == count && items.stream().allMatch(d -> d.get("status").asText().equals(status));
        });
        return found.getFirst();
    }

    static JsonNode body(Receiver.Call call) {
        return io.flowgate.core.Json.read(call.body());
    }

    static Map<String, List<String>> signatureHeaders(Receiver.Call c) {
        return Map.of("webhook-id", List.of(c.header("webhook-id")), "webhook-timestamp",
                List.of(c.header("webhook-timestamp")), "webhook-signature", List.of(c.header("webhook-signature")));
    }

    @Test
    void created_and_completed_messages_carry_the_previous_and_this_steps_data_in_order() throws Exception {
        try (Receiver receiver = new Receiver()) {
            apply("""
                    id: dl-order
                    steps:
                      - id: total
                        type: transform
                        output: '{ "total": 42 }'
                      - id: nap
                        name: Take a nap
                        type: sleep
                        duration: PT0.3S
                        webhooks:
                          - { name: nap-hook, on: [created, completed], url: "%s" }
                    """.formatted(receiver.url("/nap")));
            String id = run("dl-order");
            awaitDeliveries(id, 2, "delivered");

            List<Receiver.Call> calls = receiver.calls();
            assertThat(calls).hasSize(2);
            JsonNode created = body(calls.get(0));
            JsonNode completed = body(calls.get(1));
            assertThat(created.get("event").asText()).isEqualTo("step.created");
            assertThat(created.get("executionId").asText()).isEqualTo(id);
            assertThat(created.get("workflowId").asText()).isEqualTo("dl-order");
            assertThat(created.get("revision").asInt()).isEqualTo(1);
            assertThat(created.get("step").get("id").asText()).isEqualTo("nap");
            assertThat(created.get("step").get("name").asText()).isEqualTo("Take a nap");
            assertThat(created.get("previousStep").get("id").asText()).isEqualTo("total");
            assertThat(created.get("previousStep").get("outputs").get("total").asInt()).isEqualTo(42);
            assertThat(completed.get("event").asText()).isEqualTo("step.completed");
            assertThat(completed.get("step").get("status").asText()).isEqualTo("completed");
            assertThat(completed.get("step").get("duration").asLong()).isGreaterThanOrEqualTo(300);
            assertThat(completed.has("timestamp")).isTrue();
            assertThat(calls.get(0).header("webhook-id")).isNotEqualTo(calls.get(1).header("webhook-id"));
            assertThat(calls.get(0).header("Content-Type")).isEqualTo("application/json");

            JsonNode doc = http.get("/api/v1/executions/" + id).json();
            JsonNode nap = null;
            for (JsonNode s : doc.get("steps")) {
                if (s.get("taskId").asText().equals("nap")) {
                    nap = s;
                }
            }
            assertThat(nap).isNotNull();
            assertThat(nap.get("webhooks")).hasSize(2).allSatisfy(h -> {
                assertThat(h.get("name").asText()).isEqualTo("nap-hook");
                assertThat(h.get("status").asText()).isEqualTo("delivered");
                assertThat(h.get("attempts").asInt()).isEqualTo(1);
                assertThat(h.get("lastStatusCode").asInt()).isEqualTo(200);
            });
        }
    }

    @Test
    void each_auth_type_reaches_the_receiver_and_secret_values_are_rendered_at_send_time() throws Exception {
        assertThat(http.postJson("/api/v1/secrets", Map.of("name", "DL_PW", "value", "pw-secret-1")).status())
                .isIn(200, 201);
        assertThat(http.postJson("/api/v1/secrets", Map.of("name", "DL_TOKEN", "value", "token-secret-1")).status())
                .isIn(200, 201);
        try (Receiver receiver = new Receiver()) {
            apply("""
                    id: dl-auth
                    steps:
                      - id: a
                        type: log
                        message: hi
                        webhooks:
                          - { on: completed, url: "%s" }
                          - { on: completed, url: "%s", auth: { type: client-secret, secret: "{{ secrets.DL_TOKEN }}" } }
                          - { on: completed, url: "%s", auth: { type: basic, username: svc, password: "{{ secrets.DL_PW }}" } }
                          - { on: completed, url: "%s", auth: { type: bearer, token: "{{ secrets.DL_TOKEN }}" } }
                    """.formatted(receiver.url("/none"), receiver.url("/cs"), receiver.url("/basic"),
                    receiver.url("/bearer")));
            String id = run("dl-auth");
            awaitDeliveries(id, 4, "delivered");
            Map<String, Receiver.Call> byPath = new java.util.HashMap<>();
            receiver.calls().forEach(c -> byPath.put(c.path(), c));
            assertThat(byPath.get("/none").header("Authorization")).isNull();
            assertThat(body(byPath.get("/none")).has("clientSecret")).isFalse();
            assertThat(body(byPath.get("/cs")).get("clientSecret").asText()).isEqualTo("token-secret-1");
            assertThat(byPath.get("/basic").header("Authorization")).isEqualTo("Basic "
                    + Base64.getEncoder().encodeToString("svc:pw-secret-1".getBytes(StandardCharsets.UTF_8)));
            assertThat(byPath.get("/bearer").header("Authorization")).isEqualTo("Bearer token-secret-1");
        }
        Http.Reply tooLong = http.postYaml("/api/v1/workflows", """
                id: dl-auth-long
                steps:
                  - id: a
                    type: log
                    message: hi
                    webhooks:
                      - { on: completed, url: "https://h.example", auth: { type: basic, username: %s, password: p } }
                """.formatted("u".repeat(101)));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.toString()).contains("steps[0].webhooks[0].auth.username");
        assertThat(http.get("/api/v1/workflows/dl-auth-long").status()).isEqualTo(404);
    }

    @Test
    void messages_are_signed_with_every_live_signing_secret_and_verify_with_an_independent_implementation()
            throws Exception {
        try (Receiver receiver = new Receiver()) {
            apply("""
                    id: dl-sign
                    steps:
                      - id: a
                        type: log
                        message: hi
                        webhooks: [{ on: completed, url: "%s" }]
                    """.formatted(receiver.url("/signed")));
            Http.Reply first = http.postJson("/api/v1/workflows/dl-sign/signing-secrets", Map.of());
            assertThat(first.status()).as(first.toString()).isEqualTo(201);
            String oldSecret = first.json().get("secret").asText();
            assertThat(oldSecret).startsWith("whsec_");

            awaitDeliveries(run("dl-sign"), 1, "delivered");
            Receiver.Call one = receiver.calls().getLast();
            new Webhook(oldSecret).verify(one.body(), signatureHeaders(one));

            Http.Reply second = http.postJson("/api/v1/workflows/dl-sign/signing-secrets", Map.of());
            String newSecret = second.json().get("secret").asText();
            assertThat(http.get("/api/v1/workflows/dl-sign/signing-secrets").json().get("items")).hasSize(2);
            awaitDeliveries(run("dl-sign"), 1, "delivered");
            Receiver.Call rotating = receiver.calls().getLast();
            assertThat(rotating.header("webhook-signature").split(" ")).hasSize(2);
            new Webhook(oldSecret).verify(rotating.body(), signatureHeaders(rotating));
            new Webhook(newSecret).verify(rotating.body(), signatureHeaders(rotating));

            assertThat(http.delete("/api/v1/workflows/dl-sign/signing-secrets/" + first.json().get("id").asText())
                    .status()).isEqualTo(204);
            awaitDeliveries(run("dl-sign"), 1, "delivered");
            Receiver.Call after = receiver.calls().getLast();
            assertThat(after.header("webhook-signature").split(" ")).hasSize(1);
            new Webhook(newSecret).verify(after.body(), signatureHeaders(after));
        }
    }

    @Test
    void an_endpoint_that_is_down_and_comes_back_gets_everything() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        apply("""
                id: dl-down
                steps:
                  - id: a
                    type: log
                    message: hi
                    webhooks: [{ on: [created, completed], url: "http://127.0.0.1:%d/back", retry: [100ms, 100ms, 100ms, 100ms, 100ms, 100ms, 100ms, 100ms, 100ms, 100ms, 100ms, 100ms, 100ms, 100ms, 100ms, 100ms, 100ms, 100ms, 100ms, 100ms] }]
                """.formatted(port));
        List<String> ids = List.of(run("dl-down"), run("dl-down"), run("dl-down"));
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries("workflowId=dl-down").stream()
                .filter(d -> d.get("attempts").asInt() >= 2).count() == 6);
        try (Receiver receiver = new Receiver(port)) {
            for (String id : ids) {
                awaitDeliveries(id, 2, "delivered");
            }
            assertThat(receiver.calls()).hasSize(6);
            JsonNode one = http.get("/api/v1/deliveries/" + deliveries("executionId=" + ids.getFirst()).getFirst()
                    .get("id").asText()).json();
            assertThat(one.get("attemptLog").get(0).get("error").asText()).startsWith("Connection failed");
            assertThat(one.get("attemptLog").get(0).get("statusCode").isNull()).isTrue();
        }
    }

    @Test
    void an_endpoint_answering_500_then_200_is_retried_with_the_same_webhook_id() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (Receiver receiver = new Receiver().answer(c -> calls.incrementAndGet() <= 2
                ? new Receiver.Answer(500, "{\"error\":\"boom\"}", 0) : Receiver.Answer.ok("{}"))) {
            apply("""
                    id: dl-500
                    steps:
                      - id: a
                        type: log
                        message: hi
                        webhooks: [{ on: completed, url: "%s", retry: [100ms, 100ms, 100ms] }]
                    """.formatted(receiver.url("/flaky")));
            String id = run("dl-500");
            JsonNode d = awaitDeliveries(id, 1, "delivered").getFirst();
            assertThat(d.get("attempts").asInt()).isEqualTo(3);
            assertThat(d.get("lastStatusCode").asInt()).isEqualTo(200);
            assertThat(receiver.calls()).extracting(c -> c.header("webhook-id")).containsOnly(d.get("id").asText());
            JsonNode log = http.get("/api/v1/deliveries/" + d.get("id").asText()).json().get("attemptLog");
            assertThat(log).hasSize(3);
            assertThat(log.get(0).get("statusCode").asInt()).isEqualTo(500);
            assertThat(log.get(0).get("response").asText()).contains("boom");
            assertThat(log.get(0).get("latencyMs").asLong()).isGreaterThanOrEqualTo(0);
            assertThat(log.get(2).get("statusCode").asInt()).isEqualTo(200);
        }
    }

    @Test
    void a_hanging_endpoint_times_out_and_is_retried() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (Receiver receiver = new Receiver().answer(c -> calls.incrementAndGet() == 1
                ? new Receiver.Answer(200, "{}", 3000) : Receiver.Answer.ok("{}"))) {
            apply("""
                    id: dl-hang
                    steps:
                      - id: a
                        type: log
                        message: hi
                        webhooks: [{ on: completed, url: "%s", timeout: 300ms, retry: [100ms] }]
                    """.formatted(receiver.url("/hang")));
            String id = run("dl-hang");
            JsonNode d = awaitDeliveries(id, 1, "delivered").getFirst();
            assertThat(d.get("attempts").asInt()).isEqualTo(2);
            JsonNode log = http.get("/api/v1/deliveries/" + d.get("id").asText()).json().get("attemptLog");
            assertThat(log.get(0).get("error").asText()).startsWith("Timed out");
        }
    }

    @Test
    void endpoints_that_reset_the_connection_or_answer_garbage_fail_each_attempt_and_say_why() throws Exception {
        try (BadEndpoint reset = new BadEndpoint(BadEndpoint.Mode.RESET);
             BadEndpoint garbage = new BadEndpoint(BadEndpoint.Mode.GARBAGE);
             Receiver fine = new Receiver()) {
            apply("""
                    id: dl-broken
                    steps:
                      - id: a
                        type: log
                        message: hi
                        webhooks:
                          - { on: completed, url: "%s", timeout: 2s, retry: [100ms] }
                          - { on: completed, url: "%s", timeout: 2s, retry: [100ms] }
                          - { on: completed, url: "%s" }
                    """.formatted(reset.url("/reset"), garbage.url("/garbage"), fine.url("/fine")));
            String id = run("dl-broken");
            await().atMost(Duration.ofSeconds(30)).until(() -> deliveries("executionId=" + id).stream()
                    .filter(d -> !d.get("status").asText().equals("pending")).count() == 3);
            List<JsonNode> all = deliveries("executionId=" + id);
            for (JsonNode d : deliveries("executionId=" + id)) {
                String url = d.get("url").asText();
                if (url.endsWith("/fine")) {
                    assertThat(d.get("status").asText()).as("the good endpoint is not held up").isEqualTo("delivered");
                    continue;
                }
                assertThat(d.get("status").asText()).as(url).isEqualTo("dead");
                assertThat(d.get("attempts").asInt()).as(url).isEqualTo(2);
                JsonNode log = http.get("/api/v1/deliveries/" + d.get("id").asText()).json().get("attemptLog");
                assertThat(log).hasSize(2);
                assertThat(log.get(0).get("error").asText()).as("what happened, for " + url).isNotBlank();
                System.out.println("delivery to " + url + ": " + log.get(0).get("error").asText());
            }
            assertThat(all).hasSize(3);
        }
    }

    @Test
    void gone_stops_retrying_at_once() throws Exception {
        try (Receiver receiver = new Receiver().answer(c -> new Receiver.Answer(410, null, 0))) {
            apply("""
                    id: dl-gone
                    steps:
                      - id: a
                        type: log
                        message: hi
                        webhooks: [{ on: completed, url: "%s", retry: [100ms, 100ms] }]
                    """.formatted(receiver.url("/gone")));
            JsonNode d = awaitDeliveries(run("dl-gone"), 1, "dead").getFirst();
            assertThat(d.get("attempts").asInt()).isEqualTo(1);
            assertThat(d.get("lastStatusCode").asInt()).isEqualTo(410);
            assertThat(receiver.calls()).hasSize(1);
        }
    }

    @Test
    void a_message_is_dead_lettered_when_retries_are_spent_and_can_be_redelivered() throws Exception {
        AtomicInteger status = new AtomicInteger(500);
        try (Receiver receiver = new Receiver().answer(c -> new Receiver.Answer(status.get(), "{}", 0))) {
            apply("""
                    id: dl-dead
                    steps:
                      - id: a
                        type: log
                        message: hi
                        webhooks: [{ on: completed, url: "%s", retry: [100ms] }]
                    """.formatted(receiver.url("/dead")));
            String id = run("dl-dead");
            JsonNode dead = awaitDeliveries(id, 1, "dead").getFirst();
            assertThat(dead.get("attempts").asInt()).isEqualTo(2);
            assertThat(dead.get("lastError").asText()).contains("retries spent");
            assertThat(deliveries("status=dead&workflowId=dl-dead")).hasSize(1);

            status.set(200);
            Http.Reply again = http.postJson("/api/v1/deliveries/" + dead.get("id").asText() + "/redeliver", Map.of());
            assertThat(again.status()).as(again.toString()).isEqualTo(202);
            JsonNode delivered = awaitDeliveries(id, 1, "delivered").getFirst();
            assertThat(delivered.get("attempts").asInt()).isEqualTo(3);
            assertThat(receiver.calls()).hasSize(3).extracting(c -> c.header("webhook-id"))
                    .containsOnly(dead.get("id").asText());
            assertThat(http.postJson("/api/v1/deliveries/msg_nope/redeliver", Map.of()).status()).isEqualTo(404);
        }
    }

    @Test
    void a_slow_endpoint_delays_neither_other_endpoints_nor_the_workflow() throws Exception {
        // The slow endpoint holds every call until the test lets go, so what is shown is an order of events
        // (all fast deliveries and all runs done while the slow lane is still full), not a speed.
        CountDownLatch release = new CountDownLatch(1);
        try (Receiver slow = new Receiver().answer(c -> {
                 awaitQuietly(release);
                 return Receiver.Answer.ok("{}");
             });
             Receiver fast = new Receiver()) {
            try {
                apply("""
                        id: dl-slow
                        steps:
                          - id: a
                            type: log
                            message: hi
                            webhooks:
                              - { on: completed, url: "%s", timeout: PT10M }
                              - { on: completed, url: "%s" }
                        """.formatted(slow.url("/slow"), fast.url("/fast")));
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 80; i++) {
                    ids.add(run("dl-slow"));
                }
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                        .until(() -> fast.calls().size() == ids.size());
                assertThat(slow.calls().size()).as("the slow lane is bounded")
                        .isLessThanOrEqualTo(DeliverySettings.DEFAULT_PER_ENDPOINT).isLessThan(ids.size());
                for (String id : ids) {
                    assertThat(http.get("/api/v1/executions/" + id).json().get("status").asText()).isEqualTo("completed");
                }
            } finally {
                release.countDown();
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void targets_in_private_or_link_local_ranges_are_refused_unless_allowed() {
        apply("""
                id: dl-ssrf
                steps:
                  - id: a
                    type: log
                    message: hi
                    webhooks: [{ on: completed, url: "http://169.254.169.254/latest/meta-data" }]
                """);
        JsonNode d = awaitDeliveries(run("dl-ssrf"), 1, "dead").getFirst();
        assertThat(d.get("attempts").asInt()).isEqualTo(1);
        assertThat(d.get("lastError").asText()).startsWith("Refused").contains("169.254.169.254");
    }

    @Test
    void workflow_level_subscribers_hear_of_failed_executions() throws Exception {
        try (Receiver receiver = new Receiver()) {
            apply("""
                    id: dl-wf
                    steps:
                      - id: a
                        type: fail
                        message: nope
                    webhooks:
                      - { name: ops, on: [execution.failed, execution.completed], url: "%s" }
                    """.formatted(receiver.url("/ops")));
            String id = run("dl-wf");
            awaitDeliveries(id, 1, "delivered");
            JsonNode msg = body(receiver.calls().getFirst());
            assertThat(msg.get("event").asText()).isEqualTo("execution.failed");
            assertThat(msg.get("execution").get("error").asText()).contains("nope");
            JsonNode doc = http.get("/api/v1/executions/" + id).json();
            assertThat(doc.get("webhooks").get(0).get("name").asText()).isEqualTo("ops");
        }
    }
}
