package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The engine through its real HTTP API, run once on SQLite and once on PostgreSQL. One server per
 * class; each test uses its own workflow ids so tests do not see each other's executions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EngineApiContract {
    static final DateTimeFormatter BOOMERANG_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    Path dir;
    TestServer server;
    Http http;
    Receiver receiver;

    abstract TestServer startServer(Path dir) throws Exception;

    @BeforeAll
    void start() throws Exception {
        dir = java.nio.file.Files.createTempDirectory("flowgate-it");
        server = startServer(dir);
        http = server.http();
        receiver = new Receiver();
    }

    @AfterAll
    void stop() throws java.io.IOException {
        if (receiver != null) {
            receiver.close();
        }
        if (server != null) {
            server.close();
        }
        try (var paths = java.nio.file.Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    Http.Reply apply(String yaml) {
        Http.Reply r = http.postYaml("/api/v1/workflows", yaml);
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
        return r;
    }

    String run(String workflow, Object inputs) {
        Http.Reply r = http.postJson("/api/v1/workflows/" + workflow + "/executions", Map.of("inputs", inputs));
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        return r.json().get("activityId").asText();
    }

    JsonNode awaitEnd(String id) {
        JsonNode[] doc = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            doc[0] = http.get("/api/v1/executions/" + id).json();
            String s = doc[0].path("status").asText();
            return s.equals("completed") || s.equals("failure") || s.equals("cancelled");
        });
        return doc[0];
    }

    static JsonNode step(JsonNode doc, String taskId) {
        for (JsonNode s : doc.get("steps")) {
            if (s.get("taskId").asText().equals(taskId)) {
                return s;
            }
        }
        throw new AssertionError("no step " + taskId + " in " + doc);
    }

    @Test
    void a_three_step_workflow_runs_to_completion_with_outputs_in_the_status_document() {
        apply("""
                id: three-steps
                name: Three steps
                steps:
                  - id: total
                    type: transform
                    output: '{ "total": $sum(inputs.items.price) }'
                  - id: double
                    type: transform
                    output: '{ "doubled": steps.total.outputs.total * 2 }'
                  - id: say
                    type: log
                    message: "total is {{ steps.double.outputs.doubled }}"
                """);
        String id = run("three-steps", Map.of("items", List.of(Map.of("price", 2), Map.of("price", 3))));
        JsonNode doc = awaitEnd(id);
        assertThat(doc.get("status").asText()).isEqualTo("completed");
        assertThat(doc.get("id").asText()).isEqualTo(id);
        assertThat(doc.get("workflowId").asText()).isEqualTo("three-steps");
        assertThat(doc.get("workflowRevisionid").asText()).isEqualTo("1");
        assertThat(doc.get("trigger").asText()).isEqualTo("manual");
        assertThat(doc.get("teamName").asText()).isEqualTo("default");
        BOOMERANG_DATE.parse(doc.get("creationDate").asText());
        assertThat(doc.get("duration").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(step(doc, "total").get("outputs").get("total").asInt()).isEqualTo(5);
        assertThat(step(doc, "double").get("outputs").get("doubled").asInt()).isEqualTo(10);
        assertThat(step(doc, "say").get("outputs").get("message").asText()).isEqualTo("total is 10");
        JsonNode say = step(doc, "say");
        assertThat(say.get("flowTaskStatus").asText()).isEqualTo("completed");
        assertThat(say.get("order").asInt()).isEqualTo(3);
        assertThat(say.get("activityId").asText()).isEqualTo(id);
        BOOMERANG_DATE.parse(say.get("startTime").asText());
    }

    @Test
    void wait_parameter_answers_with_the_finished_status_document() {
        apply("""
                id: quick-wait
                steps:
                  - id: only
                    type: transform
                    output: '{ "hello": inputs.name }'
                """);
        Http.Reply r = http.postJson("/api/v1/workflows/quick-wait/executions?wait=PT10S",
                Map.of("inputs", Map.of("name", "ada")));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("completed");
        assertThat(step(r.json(), "only").get("outputs").get("hello").asText()).isEqualTo("ada");
    }

    @Test
    void independent_branches_run_in_parallel() {
        apply("""
                id: diamond
                steps:
                  - id: a
                    type: transform
                    output: '{ "v": 1 }'
                  - id: left
                    type: sleep
                    duration: PT1S
                    needs: [a]
                  - id: right
                    type: sleep
                    duration: PT1S
                    needs: [a]
                  - id: join
                    type: transform
                    output: '{ "sum": steps.a.outputs.v + 1 }'
                    needs: [left, right]
                """);
        JsonNode doc = awaitEnd(run("diamond", Map.of()));
        assertThat(doc.get("status").asText()).isEqualTo("completed");
        Instant leftStart = instant(step(doc, "left"), "startTime");
        Instant rightStart = instant(step(doc, "right"), "startTime");
        Instant leftEnd = leftStart.plusMillis(step(doc, "left").get("duration").asLong());
        Instant rightEnd = rightStart.plusMillis(step(doc, "right").get("duration").asLong());
        assertThat(leftStart).isBefore(rightEnd);
        assertThat(rightStart).isBefore(leftEnd);
        assertThat(instant(step(doc, "join"), "startTime")).isAfterOrEqualTo(leftEnd.minusMillis(1));
        assertThat(step(doc, "join").get("outputs").get("sum").asInt()).isEqualTo(2);
    }

    static Instant instant(JsonNode step, String field) {
        return java.time.OffsetDateTime.parse(step.get(field).asText(), BOOMERANG_DATE).toInstant();
    }

    @Test
    void a_false_when_skips_the_step_and_the_run_goes_on() {
        apply("""
                id: conditional
                steps:
                  - id: maybe
                    type: transform
                    when: inputs.go = true
                    output: '{ "ran": true }'
                  - id: after
                    type: transform
                    output: '{ "done": true }'
                """);
        JsonNode doc = awaitEnd(run("conditional", Map.of("go", false)));
        assertThat(doc.get("status").asText()).isEqualTo("completed");
        assertThat(step(doc, "maybe").get("flowTaskStatus").asText()).isEqualTo("skipped");
        assertThat(step(doc, "after").get("flowTaskStatus").asText()).isEqualTo("completed");
    }

    @Test
    void http_step_retries_with_a_new_idempotency_key_per_attempt_until_it_succeeds() {
        AtomicInteger n = new AtomicInteger();
        receiver.answer(c -> c.path().equals("/flaky") && n.incrementAndGet() < 3
                ? new Receiver.Answer(503, "{}", 0) : Receiver.Answer.ok("{\"fine\":true}"));
        apply("""
                id: flaky-http
                steps:
                  - id: call
                    type: http
                    request: { method: POST, url: "%s", body: { "order": "{{ inputs.order }}" } }
                    retry: { max: 3, backoff: PT0.05S }
                """.formatted(receiver.url("/flaky")));
        String id = run("flaky-http", Map.of("order", "A-1"));
        JsonNode doc = awaitEnd(id);
        assertThat(doc.get("status").asText()).as(doc.toString()).isEqualTo("completed");
        JsonNode call = step(doc, "call");
        assertThat(call.get("attempt").asInt()).isEqualTo(3);
        assertThat(call.get("outputs").get("status").asInt()).isEqualTo(200);
        assertThat(call.get("outputs").get("body").get("fine").asBoolean()).isTrue();
        List<String> keys = receiver.calls().stream().filter(c -> c.path().equals("/flaky"))
                .map(c -> c.header("Idempotency-Key")).toList();
        assertThat(keys).containsExactly(id + ":call:1", id + ":call:2", id + ":call:3");
        assertThat(receiver.calls().getLast().body()).contains("\"order\":\"A-1\"");
    }

    @Test
    void a_step_that_overruns_its_timeout_fails_with_a_readable_error() {
        receiver.answer(c -> c.path().equals("/slow") ? new Receiver.Answer(200, "{}", 5_000) : Receiver.Answer.ok("{}"));
        apply("""
                id: slow-http
                steps:
                  - id: call
                    type: http
                    request: { url: "%s" }
                    timeout: PT0.3S
                """.formatted(receiver.url("/slow")));
        JsonNode doc = awaitEnd(run("slow-http", Map.of()));
        assertThat(doc.get("status").asText()).isEqualTo("failure");
        assertThat(step(doc, "call").get("error").asText()).containsIgnoringCase("timed out");
        assertThat(doc.get("error").asText()).contains("call");
    }

    @Test
    void a_failed_execution_can_be_retried_from_its_failed_step() {
        AtomicInteger n = new AtomicInteger();
        receiver.answer(c -> c.path().equals("/once") && n.incrementAndGet() == 1
                ? new Receiver.Answer(500, "{}", 0) : Receiver.Answer.ok("{}"));
        apply("""
                id: retry-me
                steps:
                  - id: first
                    type: transform
                    output: '{ "x": 1 }'
                  - id: call
                    type: http
                    request: { url: "%s" }
                """.formatted(receiver.url("/once")));
        String id = run("retry-me", Map.of());
        assertThat(awaitEnd(id).get("status").asText()).isEqualTo("failure");
        Http.Reply r = http.postJson("/api/v1/executions/" + id + "/retry", Map.of());
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        JsonNode doc = awaitEnd(id);
        assertThat(doc.get("status").asText()).isEqualTo("completed");
        assertThat(step(doc, "first").get("attempt").asInt()).as("completed steps are not run again").isEqualTo(1);
    }

    @Test
    void http_steps_to_endpoints_that_reset_or_answer_garbage_fail_with_what_happened() throws Exception {
        try (BadEndpoint reset = new BadEndpoint(BadEndpoint.Mode.RESET);
             BadEndpoint garbage = new BadEndpoint(BadEndpoint.Mode.GARBAGE)) {
            apply("""
                    id: broken-peers
                    steps:
                      - id: reset
                        type: http
                        request: { url: "%s" }
                        timeout: PT5S
                      - id: garbage
                        type: http
                        request: { url: "%s" }
                        timeout: PT5S
                    """.formatted(reset.url("/reset"), garbage.url("/garbage")));
            JsonNode doc = awaitEnd(run("broken-peers", Map.of()));
            assertThat(doc.get("status").asText()).isEqualTo("failure");
            assertThat(step(doc, "reset").get("error").asText()).as("says what happened").isNotBlank();
            apply("""
                    id: broken-peers
                    steps:
                      - id: garbage
                        type: http
                        request: { url: "%s" }
                        timeout: PT5S
                    """.formatted(garbage.url("/garbage")));
            JsonNode second = awaitEnd(run("broken-peers", Map.of()));
            assertThat(second.get("status").asText()).isEqualTo("failure");
            assertThat(step(second, "garbage").get("error").asText()).containsIgnoringCase("status line");
        }
    }

    @Test
    void a_sleeping_execution_can_be_cancelled_once() {
        apply("""
                id: long-nap
                steps:
                  - id: nap
                    type: sleep
                    duration: PT1H
                  - id: never
                    type: transform
                    output: '{}'
                """);
        String id = run("long-nap", Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() ->
                http.get("/api/v1/executions/" + id).json().path("status").asText().equals("waiting"));
        Http.Reply r = http.postJson("/api/v1/executions/" + id + "/cancel", Map.of());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("cancelled");
        assertThat(step(r.json(), "never").get("flowTaskStatus").asText()).isEqualTo("cancelled");
        assertThat(http.postJson("/api/v1/executions/" + id + "/cancel", Map.of()).status()).isEqualTo(409);
    }

    @Test
    void a_durable_sleep_ends_and_the_next_step_runs() {
        apply("""
                id: short-nap
                steps:
                  - id: nap
                    type: sleep
                    duration: PT0.5S
                  - id: after
                    type: transform
                    output: '{ "woke": true }'
                """);
        JsonNode doc = awaitEnd(run("short-nap", Map.of()));
        assertThat(doc.get("status").asText()).isEqualTo("completed");
        assertThat(step(doc, "nap").get("duration").asLong()).isGreaterThanOrEqualTo(450);
    }

    @Test
    void run_workflow_waits_for_its_child_and_returns_its_outputs() {
        apply("""
                id: child-wf
                steps:
                  - id: answer
                    type: transform
                    output: '{ "answer": inputs.q * 2 }'
                """);
        apply("""
                id: parent-wf
                steps:
                  - id: call-child
                    type: run-workflow
                    workflow: child-wf
                    inputs: { q: "{{ inputs.q }}" }
                    wait: true
                """);
        JsonNode doc = awaitEnd(run("parent-wf", Map.of("q", 21)));
        assertThat(doc.get("status").asText()).as(doc.toString()).isEqualTo("completed");
        JsonNode out = step(doc, "call-child").get("outputs");
        assertThat(out.get("outputs").get("answer").asInt()).isEqualTo(42);
        JsonNode child = awaitEnd(out.get("activityId").asText());
        assertThat(child.get("trigger").asText()).isEqualTo("workflow");
    }

    @Test
    void a_fail_step_fails_the_execution_with_its_message() {
        apply("""
                id: always-fails
                steps:
                  - id: stop
                    type: fail
                    message: "bad order {{ inputs.order }}"
                  - id: never
                    type: transform
                    output: '{}'
                """);
        JsonNode doc = awaitEnd(run("always-fails", Map.of("order", 7)));
        assertThat(doc.get("status").asText()).isEqualTo("failure");
        assertThat(step(doc, "stop").get("error").asText()).isEqualTo("bad order 7");
        assertThat(step(doc, "never").get("flowTaskStatus").asText()).isEqualTo("cancelled");
    }

    @Test
    void an_expression_error_at_run_time_fails_the_step_not_the_engine() {
        apply("""
                id: bad-expr
                steps:
                  - id: boom
                    type: transform
                    output: '$number("not a number") + {"a":1}'
                """);
        JsonNode doc = awaitEnd(run("bad-expr", Map.of()));
        assertThat(doc.get("status").asText()).isEqualTo("failure");
        assertThat(step(doc, "boom").get("error").asText()).isNotBlank();
    }

    @Test
    void secrets_are_usable_in_steps_but_redacted_in_outputs() {
        Http.Reply set = http.postJson("/api/v1/secrets", Map.of("name", "SHOP_TOKEN", "value", "s3cr3t-value-xyz"));
        assertThat(set.status()).as(set.toString()).isIn(200, 201);
        assertThat(http.get("/api/v1/secrets").raw().body()).doesNotContain("s3cr3t-value-xyz");
        apply("""
                id: uses-secret
                steps:
                  - id: leak
                    type: transform
                    output: '{ "token": secrets.SHOP_TOKEN, "length": $length(secrets.SHOP_TOKEN) }'
                """);
        JsonNode doc = awaitEnd(run("uses-secret", Map.of()));
        assertThat(doc.toString()).doesNotContain("s3cr3t-value-xyz");
        assertThat(step(doc, "leak").get("outputs").get("token").asText()).isEqualTo("***");
        assertThat(step(doc, "leak").get("outputs").get("length").asInt()).isEqualTo(16);
    }

    @Test
    void executions_are_listed_newest_first_with_filters_and_a_cursor() throws InterruptedException {
        apply("""
                id: listed
                steps:
                  - id: only
                    type: transform
                    output: '{ "n": inputs.n }'
                """);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(run("listed", Map.of("n", i)));
            // Runs created in the same millisecond are listed by id, random within it; 2 ms apart, in the order
            // they were started (a fast machine started two in one millisecond).
            Thread.sleep(2);
        }
        ids.forEach(this::awaitEnd);
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Http.Reply page = http.get("/api/v1/executions?workflowId=listed&status=completed&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            page.json().get("items").forEach(i -> seen.add(i.get("id").asText()));
            assertThat(page.json().get("items").size()).isLessThanOrEqualTo(2);
            cursor = page.json().get("next").isNull() ? null : page.json().get("next").asText();
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(ids.reversed());
        assertThat(http.get("/api/v1/executions?workflowId=listed&status=failure").json().get("items")).isEmpty();
    }

    @Test
    void saving_again_makes_a_new_revision_and_runs_use_the_latest() {
        Http.Reply first = http.postYaml("/api/v1/workflows", """
                id: revised
                steps:
                  - id: v
                    type: transform
                    output: '{ "version": 1 }'
                """);
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().get("revision").asInt()).isEqualTo(1);
        Http.Reply second = http.postYaml("/api/v1/workflows", """
                id: revised
                steps:
                  - id: v
                    type: transform
                    output: '{ "version": 2 }'
                """);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("revision").asInt()).isEqualTo(2);
        JsonNode doc = awaitEnd(run("revised", Map.of()));
        assertThat(step(doc, "v").get("outputs").get("version").asInt()).isEqualTo(2);
        assertThat(doc.get("workflowRevisionid").asText()).isEqualTo("2");
        assertThat(http.get("/api/v1/workflows/revised/revisions").json().get("items")).hasSize(2);
    }

    @Test
    void an_invalid_definition_is_rejected_whole_with_every_problem_and_nothing_is_saved() {
        Http.Reply r = http.postYaml("/api/v1/workflows", """
                id: broken
                bogus: 1
                steps:
                  - id: a
                    type: teleport
                  - id: a
                    type: transform
                    output: '{ "x": '
                """);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("code").asText()).isEqualTo("invalid_workflow");
        assertThat(r.json().get("problems").size()).isGreaterThanOrEqualTo(4);
        assertThat(http.get("/api/v1/workflows/broken").status()).isEqualTo(404);
    }

    @Test
    void malformed_documents_get_a_4xx_json_error() {
        for (String body : List.of("{ not json", "id: [unclosed", "\t- -", "steps: 5", "[]", "")) {
            Http.Reply r = http.post("/api/v1/workflows", "application/yaml", body);
            assertThat(r.status()).as(body + " -> " + r).isBetween(400, 499);
            assertThat(r.json().has("code")).isTrue();
            assertThat(r.json().has("msg")).isTrue();
        }
        Http.Reply json = http.post("/api/v1/workflows", "application/json", "{\"id\": \"x\", \"steps\": ");
        assertThat(json.status()).isBetween(400, 499);
        String huge = "id: huge\nsteps:\n" + "  - id: s%d\n    type: log\n    message: '%s'\n".repeat(1)
                .formatted(1, "x".repeat(2 * 1024 * 1024));
        // Sent plainly, without Expect: 100-continue: the server answers 413 and drains the upload (OversizedUploadTest).
        Http.Reply big = http.post("/api/v1/workflows", "application/yaml", huge);
        assertThat(big.status()).isIn(400, 413);
        assertThat(big.json().has("code")).isTrue();
    }

    @Test
    void a_plugged_in_step_type_is_validated_and_runs_like_a_built_in_one() {
        Http.Reply bad = http.postYaml("/api/v1/workflows", """
                id: plugin-bad
                steps:
                  - id: s
                    type: shout
                    volume: 11
                """);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.raw().body()).contains("steps[0].text", "steps[0].volume");
        apply("""
                id: plugin-run
                steps:
                  - id: s
                    type: shout
                    text: "hello {{ inputs.who }}"
                """);
        JsonNode doc = awaitEnd(run("plugin-run", Map.of("who", "ada")));
        assertThat(step(doc, "s").get("outputs").get("shouted").asText()).isEqualTo("HELLO ADA!");
    }

    @Test
    void wrong_types_and_unknown_fields_are_listed_with_their_paths() {
        Http.Reply r = http.postYaml("/api/v1/workflows", """
                id: typed
                steps:
                  - id: a
                    type: transform
                    output: '{ "x": 1 }'
                    retry: { max: "three" }
                    timeout: soon
                    colour: blue
                  - id: b
                    type: http
                    request: { url: 5, method: TELEPORT }
                """);
        assertThat(r.status()).isEqualTo(400);
        List<String> paths = new ArrayList<>();
        r.json().get("problems").forEach(p -> paths.add(p.get("path").asText()));
        assertThat(paths).contains("steps[0].retry.max", "steps[0].timeout", "steps[0].colour",
                "steps[1].request.url", "steps[1].request.method");
        assertThat(http.get("/api/v1/workflows/typed").status()).isEqualTo(404);
    }

    @Test
    void a_run_request_with_bad_inputs_is_refused_and_starts_nothing() {
        apply("""
                id: strict-inputs
                steps:
                  - id: only
                    type: transform
                    output: '{ "ok": true }'
                """);
        for (String body : List.of("{\"inputs\": 5}", "{\"inputs\": [1]}", "{broken", "[]")) {
            Http.Reply r = http.post("/api/v1/workflows/strict-inputs/executions", "application/json", body);
            assertThat(r.status()).as(body + " -> " + r).isBetween(400, 499);
            assertThat(r.json().get("code").asText()).isNotBlank();
        }
        assertThat(http.get("/api/v1/executions?workflowId=strict-inputs").json().get("items")).isEmpty();
        assertThat(http.postJson("/api/v1/workflows/no-such-workflow/executions", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void the_api_needs_a_key_and_the_right_role() {
        Http.Reply anonymous = http.withKey(null).get("/api/v1/workflows");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(http.withKey("fgk_wrong").get("/api/v1/workflows").status()).isEqualTo(401);
        Http.Reply created = http.postJson("/api/v1/keys", Map.of("name", "reader", "role", "viewer", "teams", List.of()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Http viewer = http.withKey(created.json().get("key").asText());
        assertThat(viewer.get("/api/v1/workflows").status()).isEqualTo(200);
        Http.Reply denied = viewer.postYaml("/api/v1/workflows", "id: nope\nsteps: [{id: a, type: log, message: hi}]");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.json().get("code").asText()).isEqualTo("forbidden");
    }

    @Test
    void the_stream_sends_each_change_and_ends_with_the_final_status() throws Exception {
        apply("""
                id: streamed
                steps:
                  - id: nap
                    type: sleep
                    duration: PT0.3S
                  - id: after
                    type: transform
                    output: '{ "ok": true }'
                """);
        String id = run("streamed", Map.of());
        var response = http.client().send(http.request("/api/v1/executions/" + id + "/stream").GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> data = response.body().filter(l -> l.startsWith("data:")).toList();
        assertThat(data).isNotEmpty();
        assertThat(data.getLast()).contains("\"status\":\"completed\"");
    }

    @Test
    void the_executions_stream_sends_an_event_when_a_run_starts_to_keys_of_its_team_only() throws Exception {
        apply("id: watched\nsteps:\n  - id: a\n    type: transform\n    output: '{ \"ok\": true }'\n");
        apply("id: watched-sales\nteam: sales\nsteps:\n  - id: a\n    type: transform\n    output: '{ \"ok\": true }'\n");
        Http sales = http.withKey(http.postJson("/api/v1/keys", Map.of("name", "sales-eyes", "role", "viewer",
                "teams", List.of("sales"))).json().get("key").asText());
        try (SseLines all = SseLines.open(http); SseLines salesOnly = SseLines.open(sales)) {
            String id = run("watched", Map.of());
            List<String> seen = all.until(l -> l.startsWith("data:") && l.contains("\"id\":\"" + id + "\"")
                    && l.contains("\"workflowId\":\"watched\""));
            assertThat(seen).contains("event: execution");
            Http.Reply salesRun = http.postJson("/api/v1/workflows/watched-sales/executions?team=sales", Map.of());
            assertThat(salesRun.status()).as(salesRun.toString()).isEqualTo(202);
            String salesId = salesRun.json().get("activityId").asText();
            // Events reach a stream in order: the default team's start would have come before this one.
            List<String> salesSeen = salesOnly.until(l -> l.contains("\"id\":\"" + salesId + "\""));
            assertThat(salesSeen).noneMatch(l -> l.contains(id));
        }
    }

    /** The lines of an open {@code GET /api/v1/executions/stream}, once the server says it watches. */
    private record SseLines(java.util.stream.Stream<String> body, java.util.concurrent.BlockingQueue<String> lines,
                            List<String> seen) implements AutoCloseable {
        static SseLines open(Http http) throws Exception {
            var response = http.client().send(http.request("/api/v1/executions/stream").GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                    .startsWith("text/event-stream"));
            SseLines s = new SseLines(response.body(), new java.util.concurrent.LinkedBlockingQueue<>(), new ArrayList<>());
            Thread.ofVirtual().start(() -> {
                try {
                    s.body().forEach(s.lines()::add);
                } catch (RuntimeException closed) {
                    // the test is done with the stream
                }
            });
            // A run started after `open` is not missed.
            s.until("event: open"::equals);
            return s;
        }

        List<String> until(java.util.function.Predicate<String> wanted) {
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                lines.drainTo(seen);
                return seen.stream().anyMatch(wanted);
            });
            return List.copyOf(seen);
        }

        @Override
        public void close() {
            body.close();
        }
    }

    @Test
    void health_readiness_metrics_and_openapi_are_served() {
        assertThat(http.withKey(null).get("/healthz").status()).isEqualTo(200);
        assertThat(http.withKey(null).get("/readyz").status()).isEqualTo(200);
        Http.Reply metrics = http.withKey(null).get("/metrics");
        assertThat(metrics.raw().body()).contains("flowgate_executions_started_total");
        JsonNode openapi = http.withKey(null).get("/api/v1/openapi.json").json();
        assertThat(openapi.get("openapi").asText()).startsWith("3.");
        assertThat(openapi.get("paths").has("/api/v1/executions/{id}")).isTrue();
    }
}
