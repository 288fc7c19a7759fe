package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import io.flowgate.core.Json;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Custom events end to end over real HTTP (docs/events.md, issue 11): the three CloudEvents modes, refusals,
 * event triggers, wait-for-event, approvals and emit-event. Every test uses its own event types and
 * workflow ids, so one server serves them all. Run on SQLite and on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EventsContract {
    static final Duration LONG = Duration.ofSeconds(120);
    Path dir;
    TestServer server;
    Http http;
    final OffsetClock clock = new OffsetClock();

    abstract TestServer startServer(Path dir, OffsetClock clock) throws Exception;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("flowgate-events-it");
        server = startServer(dir, clock);
        http = server.http();
    }

    @AfterAll
    void stop() throws java.io.IOException {
        if (server != null) {
            server.close();
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------

    void apply(String yaml) {
        Http.Reply r = http.postYaml("/api/v1/workflows", yaml);
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
    }

    static String event(String type, String id, Object data) {
        ObjectNode e = Json.object();
        e.put("specversion", "1.0");
        e.put("id", id);
        e.put("source", "/tests");
        e.put("type", type);
        e.set("data", Json.valueToTree(data));
        return Json.write(e);
    }

    Http.Reply structured(String json) {
        return http.post("/api/v1/events", "application/cloudevents+json", json);
    }

    Http.Reply batch(List<String> events) {
        return http.post("/api/v1/events", "application/cloudevents-batch+json", "[" + String.join(",", events) + "]");
    }

    List<JsonNode> runs(String workflowId) {
        List<JsonNode> out = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = http.get("/api/v1/executions?limit=500&workflowId=" + workflowId
                    + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.path("items").forEach(out::add);
            cursor = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (cursor != null);
        return out;
    }

    static String idOf(JsonNode run) {
        return run.path("activityId").asText(run.path("id").asText());
    }

    JsonNode status(String id) {
        return http.get("/api/v1/executions/" + id).json();
    }

    static String statusOf(JsonNode doc) {
        return doc.path("status").asText();
    }

    JsonNode step(String executionId, String stepId) {
        for (JsonNode s : status(executionId).path("steps")) {
            if (stepId.equals(s.path("taskId").asText())) {
                return s;
            }
        }
        throw new AssertionError("no step " + stepId + " in " + status(executionId));
    }

    String startRun(String workflowId, Object inputs) {
        Http.Reply r = http.postJson("/api/v1/workflows/" + workflowId + "/executions",
                Json.write(java.util.Map.of("inputs", inputs)));
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        return r.json().path("activityId").asText();
    }

    void awaitStatus(String executionId, String wanted) {
        await().atMost(LONG).untilAsserted(() -> assertThat(statusOf(status(executionId))).isEqualTo(wanted));
    }

    /** Waits until the intake's events of {@code type} are all processed. */
    void awaitProcessed(String type) {
        await().atMost(LONG).until(() -> {
            JsonNode items = http.get("/api/v1/events?limit=500&type=" + type).json().path("items");
            for (JsonNode e : items) {
                if (!e.path("processed").asBoolean()) {
                    return false;
                }
            }
            return !items.isEmpty();
        });
    }

    // ---- intake ------------------------------------------------------------------------------------

    @Test
    void a_structured_event_starts_each_matching_workflow_once_with_the_event_as_trigger_data() {
        apply("""
                id: ev-exact
                triggers:
                  events:
                    - type: com.acme.order.created
                      filter: "data.amount > 100"
                steps:
                  - id: read
                    type: transform
                    output: '{"id": trigger.event.id, "amount": trigger.event.data.amount, "kind": trigger.type}'
                """);
        apply("""
                id: ev-wild
                triggers:
                  events:
                    - type: com.acme.order.*
                steps:
                  - {id: read, type: transform, output: '{"type": trigger.event.type, "source": trigger.event.source}'}
                """);
        apply("""
                id: ev-other-source
                triggers:
                  events:
                    - {type: com.acme.order.created, source: /elsewhere}
                steps:
                  - {id: read, type: log, message: never}
                """);
        Http.Reply big = structured(event("com.acme.order.created", "o-1", java.util.Map.of("amount", 150)));
        assertThat(big.status()).as(big.toString()).isEqualTo(202);
        assertThat(big.json().path("accepted").asInt()).isEqualTo(1);
        assertThat(structured(event("com.acme.order.created", "o-2", java.util.Map.of("amount", 50))).status())
                .isEqualTo(202);
        // A repeat of (source, id) is acknowledged and not processed again.
        assertThat(structured(event("com.acme.order.created", "o-1", java.util.Map.of("amount", 150))).status())
                .isEqualTo(202);
        awaitProcessed("com.acme.order.created");
        await().atMost(LONG).until(() -> runs("ev-wild").size() == 2 && runs("ev-wild").stream()
                .allMatch(r -> statusOf(r).equals("completed")));
        await().atMost(LONG).until(() -> runs("ev-exact").size() == 1
                && statusOf(runs("ev-exact").getFirst()).equals("completed"));
        assertThat(runs("ev-other-source")).isEmpty();
        JsonNode out = step(idOf(runs("ev-exact").getFirst()), "read").path("outputs");
        assertThat(out.path("id").asText()).isEqualTo("o-1");
        assertThat(out.path("amount").asInt()).isEqualTo(150);
        assertThat(out.path("kind").asText()).isEqualTo("event");
        JsonNode listed = http.get("/api/v1/events?type=com.acme.order.created").json().path("items");
        assertThat(listed).hasSize(2);
        JsonNode first = listed.get(1);
        assertThat(first.path("id").asText()).isEqualTo("o-1");
        assertThat(first.path("started")).hasSize(2);
    }

    @Test
    void batch_and_binary_modes_are_accepted_and_start_runs() {
        apply("""
                id: ev-modes
                triggers:
                  events:
                    - type: com.acme.modes
                steps:
                  - {id: read, type: transform, output: '{"n": trigger.event.data.n, "subject": trigger.event.subject}'}
                """);
        Http.Reply r = batch(List.of(event("com.acme.modes", "b-1", java.util.Map.of("n", 1)),
                event("com.acme.modes", "b-2", java.util.Map.of("n", 2)),
                event("com.acme.modes", "b-3", java.util.Map.of("n", 3))));
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        assertThat(r.json().path("accepted").asInt()).isEqualTo(3);
        Http.Reply binary = http.send(http.request("/api/v1/events").header("Content-Type", "application/json")
                .header("ce-specversion", "1.0").header("ce-id", "bin-1").header("ce-source", "/tests/binary")
                .header("ce-type", "com.acme.modes").header("ce-subject", "parcel-9")
                .POST(HttpRequest.BodyPublishers.ofString("{\"n\": 4}")));
        assertThat(binary.status()).as(binary.toString()).isEqualTo(202);
        await().atMost(LONG).until(() -> runs("ev-modes").size() == 4 && runs("ev-modes").stream()
                .allMatch(x -> statusOf(x).equals("completed")));
        List<Integer> ns = runs("ev-modes").stream().map(x -> step(idOf(x), "read").path("outputs").path("n").asInt())
                .sorted().toList();
        assertThat(ns).containsExactly(1, 2, 3, 4);
        assertThat(runs("ev-modes").stream().map(x -> step(idOf(x), "read").path("outputs").path("subject").asText())
                .toList()).contains("parcel-9");
    }

    @Test
    void a_sender_built_with_the_cloudevents_sdk_is_understood_in_binary_and_structured_mode() throws Exception {
        apply("""
                id: ev-sdk
                triggers:
                  events:
                    - type: com.acme.sdk
                steps:
                  - {id: read, type: transform, output: '{"city": trigger.event.data.city}'}
                """);
        for (boolean binaryMode : List.of(true, false)) {
            CloudEvent e = CloudEventBuilder.v1().withId("sdk-" + binaryMode).withSource(URI.create("/sdk"))
                    .withType("com.acme.sdk").withDataContentType("application/json")
                    .withData(("{\"city\": \"" + (binaryMode ? "Paris" : "Lyon") + "\"}")
                            .getBytes(StandardCharsets.UTF_8)).build();
            HttpRequest.Builder request = http.request("/api/v1/events");
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            var writer = HttpMessageFactory.createWriter(request::header, bytes -> body.writeBytes(bytes));
            if (binaryMode) {
                writer.writeBinary(e);
            } else {
                writer.writeStructured(e, new JsonFormat());
            }
            Http.Reply r = http.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
            assertThat(r.status()).as(r.toString()).isEqualTo(202);
        }
        await().atMost(LONG).until(() -> runs("ev-sdk").size() == 2 && runs("ev-sdk").stream()
                .allMatch(x -> statusOf(x).equals("completed")));
        assertThat(runs("ev-sdk").stream().map(x -> step(idOf(x), "read").path("outputs").path("city").asText()))
                .containsExactlyInAnyOrder("Paris", "Lyon");
    }

    @ParameterizedTest(name = "without {0}")
    @ValueSource(strings = {"specversion", "id", "source", "type"})
    void an_event_without_a_required_attribute_is_a_400_naming_it(String attribute) {
        ObjectNode e = (ObjectNode) Json.read(event("com.acme.bad", "bad-" + attribute, java.util.Map.of()));
        e.remove(attribute);
        Http.Reply r = structured(Json.write(e));
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().path("code").asText()).isEqualTo("invalid_event");
        assertThat(r.json().path("msg").asText()).contains(attribute);
        Http.Reply binary = http.send(withCeHeaders(http.request("/api/v1/events"), attribute)
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(binary.status()).as(binary.toString()).isEqualTo(400);
        assertThat(binary.json().path("msg").asText()).contains("ce-" + attribute);
    }

    private static HttpRequest.Builder withCeHeaders(HttpRequest.Builder b, String without) {
        b.header("Content-Type", "application/json");
        for (String[] h : List.of(new String[] {"specversion", "1.0"}, new String[] {"id", "x-1"},
                new String[] {"source", "/tests"}, new String[] {"type", "com.acme.bad"})) {
            if (!h[0].equals(without)) {
                b.header("ce-" + h[0], h[1]);
            }
        }
        return b;
    }

    @Test
    void a_batch_with_one_bad_event_is_refused_whole_and_nothing_is_stored() {
        String bad = "{\"specversion\": \"1.0\", \"id\": \"bb-2\", \"type\": \"com.acme.badbatch\"}";
        Http.Reply r = batch(List.of(event("com.acme.badbatch", "bb-1", 1), bad,
                event("com.acme.badbatch", "bb-3", 3)));
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().path("msg").asText()).contains("event[1]").contains("source");
        assertThat(http.get("/api/v1/events?type=com.acme.badbatch").json().path("items")).isEmpty();
        Http.Reply notJson = http.post("/api/v1/events", "application/cloudevents+json", "{nope");
        assertThat(notJson.status()).isEqualTo(400);
        Http.Reply notArray = http.post("/api/v1/events", "application/cloudevents-batch+json", "{}");
        assertThat(notArray.status()).isEqualTo(400);
        Http.Reply plain = http.post("/api/v1/events", "text/plain", "hello");
        assertThat(plain.status()).isEqualTo(400);
        assertThat(plain.json().path("code").asText()).isEqualTo("unsupported_event_encoding");
    }

    @Test
    void an_event_over_the_size_limit_is_a_413() {
        String huge = event("com.acme.huge", "h-1", "x".repeat(1024 * 1024 + 10));
        Http.Reply r = structured(huge);
        assertThat(r.status()).as(r.status() + "").isEqualTo(413);
        assertThat(http.get("/api/v1/events?type=com.acme.huge").json().path("items")).isEmpty();
    }

    @Test
    void a_workflow_token_sends_events_to_its_own_workflow_only_and_keys_need_the_operator_role() {
        apply("""
                id: tok-a
                triggers:
                  events: [{type: com.acme.tok}]
                steps: [{id: a, type: log, message: a}]
                """);
        apply("""
                id: tok-b
                triggers:
                  events: [{type: com.acme.tok}]
                steps: [{id: b, type: log, message: b}]
                """);
        Http.Reply token = http.postJson("/api/v1/workflows/tok-a/webhook/tokens", "{}");
        assertThat(token.status()).as(token.toString()).isEqualTo(201);
        Http withToken = http.withKey(token.json().path("token").asText());
        Http.Reply sent = withToken.post("/api/v1/events", "application/cloudevents+json",
                event("com.acme.tok", "t-1", 1));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        awaitProcessed("com.acme.tok");
        await().atMost(LONG).until(() -> runs("tok-a").size() == 1);
        assertThat(runs("tok-b")).isEmpty();
        // The token is no key: it reads nothing.
        assertThat(withToken.get("/api/v1/events").status()).isEqualTo(401);
        assertThat(http.withKey("fgw_not-a-real-token").post("/api/v1/events", "application/cloudevents+json",
                event("com.acme.tok", "t-2", 1)).status()).isEqualTo(401);
        Http.Reply viewer = http.postJson("/api/v1/keys", "{\"name\": \"watcher\", \"role\": \"viewer\"}");
        assertThat(viewer.status()).as(viewer.toString()).isEqualTo(201);
        Http.Reply refused = http.withKey(viewer.json().path("key").asText()).post("/api/v1/events",
                "application/cloudevents+json", event("com.acme.tok", "t-3", 1));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
    }

    @Test
    void a_team_scoped_key_reaches_only_its_teams_triggers_and_waits_and_an_all_teams_key_reaches_every_team() {
        for (String team : List.of("alpha", "beta")) {
            apply("""
                    id: teamed-start-%1$s
                    team: %1$s
                    triggers:
                      events: [{type: com.acme.teamed}]
                    steps: [{id: a, type: log, message: started}]
                    """.formatted(team));
            apply("""
                    id: teamed-wait-%1$s
                    team: %1$s
                    steps:
                      - id: w
                        type: wait-for-event
                        event: {type: com.acme.teamed, correlation: "event.data.orderId = inputs.orderId"}
                    """.formatted(team));
        }
        String waitA = startRun("teamed-wait-alpha", java.util.Map.of("orderId", "T-1"));
        String waitB = startRun("teamed-wait-beta", java.util.Map.of("orderId", "T-1"));
        awaitStatus(waitA, "waiting");
        awaitStatus(waitB, "waiting");
        Http alpha = keyed("alpha-sender", "operator", List.of("alpha"));
        Http.Reply sent = alpha.post("/api/v1/events", "application/cloudevents+json",
                event("com.acme.teamed", "tm-1", java.util.Map.of("orderId", "T-1")));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        awaitProcessed("com.acme.teamed");
        // Starts and resumptions are committed before the event is marked processed: what it reached is final.
        await().atMost(LONG).until(() -> runs("teamed-start-alpha").size() == 1);
        assertThat(runs("teamed-start-beta")).isEmpty();
        awaitStatus(waitA, "completed");
        JsonNode first = http.get("/api/v1/events?type=com.acme.teamed").json().path("items").get(0);
        assertThat(first.path("id").asText()).isEqualTo("tm-1");
        assertThat(first.path("started")).extracting(JsonNode::asText)
                .containsExactly(idOf(runs("teamed-start-alpha").getFirst()));
        assertThat(first.path("resumed")).extracting(JsonNode::asText).containsExactly(waitA);
        assertThat(statusOf(status(waitB))).isEqualTo("waiting");
        // Listing: the sender's teams see the event, another team's key does not.
        assertThat(alpha.get("/api/v1/events?type=com.acme.teamed").json().path("items")).hasSize(1);
        Http betaViewer = keyed("beta-viewer", "viewer", List.of("beta"));
        assertThat(betaViewer.get("/api/v1/events?type=com.acme.teamed").json().path("items")).isEmpty();
        // An all-teams key reaches every team: both triggers start, beta's wait resumes.
        assertThat(structured(event("com.acme.teamed", "tm-2", java.util.Map.of("orderId", "T-1"))).status())
                .isEqualTo(202);
        awaitProcessed("com.acme.teamed");
        await().atMost(LONG).until(() -> runs("teamed-start-alpha").size() == 2
                && runs("teamed-start-beta").size() == 1);
        awaitStatus(waitB, "completed");
        assertThat(step(waitB, "w").path("outputs").path("id").asText()).isEqualTo("tm-2");
        assertThat(step(waitA, "w").path("outputs").path("id").asText()).isEqualTo("tm-1");
        assertThat(betaViewer.get("/api/v1/events?type=com.acme.teamed").json().path("items"))
                .extracting(e -> e.path("id").asText()).containsExactly("tm-2");
    }

    @Test
    void an_emitted_event_reaches_only_the_emitting_workflows_team() {
        for (String team : List.of("alpha", "beta")) {
            apply("""
                    id: emitted-start-%1$s
                    team: %1$s
                    triggers:
                      events: [{type: com.acme.emitted.teamed}]
                    steps: [{id: a, type: log, message: started}]
                    """.formatted(team));
        }
        apply("""
                id: emitter-alpha
                team: alpha
                steps:
                  - {id: tell, type: emit-event, event: {type: com.acme.emitted.teamed, data: '{"x": 1}'}}
                """);
        String emitter = startRun("emitter-alpha", java.util.Map.of());
        awaitStatus(emitter, "completed");
        awaitProcessed("com.acme.emitted.teamed");
        await().atMost(LONG).until(() -> runs("emitted-start-alpha").size() == 1);
        assertThat(runs("emitted-start-beta")).isEmpty();
    }

    Http keyed(String name, String role, List<String> teams) {
        Http.Reply created = http.postJson("/api/v1/keys", java.util.Map.of("name", name, "role", role,
                "teams", teams));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return http.withKey(created.json().get("key").asText());
    }

    // ---- wait-for-event ----------------------------------------------------------------------------

    @Test
    void a_thousand_waiting_runs_are_each_resumed_by_their_own_event_only() throws Exception {
        apply("""
                id: corr
                steps:
                  - id: paid
                    type: wait-for-event
                    event: {type: com.acme.paid, correlation: "event.data.orderId = inputs.orderId"}
                  - id: after
                    type: transform
                    output: '{"mine": steps.paid.outputs.data.orderId = inputs.orderId, "got": steps.paid.outputs.data.orderId}'
                """);
        int n = 1000;
        List<String> ids = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<String>> started = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String orderId = "ord-" + i;
                started.add(pool.submit(() -> startRun("corr", java.util.Map.of("orderId", orderId))));
            }
            for (Future<String> f : started) {
                ids.add(f.get());
            }
        }
        await().atMost(LONG).until(() -> http.get("/api/v1/executions?workflowId=corr&status=waiting&limit=500")
                .json().path("items").size() == 500 && runs("corr").stream().allMatch(r -> statusOf(r).equals("waiting")));
        // An event nobody waits for changes nothing; then one event per order, in batches.
        assertThat(structured(event("com.acme.paid", "p-none", java.util.Map.of("orderId", "ord-none"))).status())
                .isEqualTo(202);
        for (int from = 0; from < n; from += 100) {
            List<String> batch = new ArrayList<>();
            for (int i = from; i < from + 100; i++) {
                batch.add(event("com.acme.paid", "p-" + i, java.util.Map.of("orderId", "ord-" + i)));
            }
            assertThat(batch(batch).status()).isEqualTo(202);
        }
        await().atMost(Duration.ofMinutes(3)).until(() -> runs("corr").stream()
                .allMatch(r -> statusOf(r).equals("completed")));
        for (int i = 0; i < n; i += 97) {
            JsonNode out = step(ids.get(i), "after").path("outputs");
            assertThat(out.path("mine").asBoolean()).as(out.toString()).isTrue();
            assertThat(out.path("got").asText()).isEqualTo("ord-" + i);
        }
        JsonNode none = http.get("/api/v1/events?type=com.acme.paid&limit=500").json().path("items");
        for (JsonNode e : none) {
            assertThat(e.path("resumed").size()).as(e.toString()).isEqualTo(e.path("id").asText().equals("p-none")
                    ? 0 : 1);
        }
    }

    @Test
    void one_event_resumes_every_run_whose_correlation_holds_and_each_run_resumes_once() {
        apply("""
                id: many-one
                steps:
                  - id: w
                    type: wait-for-event
                    event: {type: com.acme.shared, correlation: "event.data.group = inputs.group"}
                  - id: second
                    type: wait-for-event
                    event: {type: com.acme.shared, correlation: "event.data.group = inputs.group and event.id != steps.w.outputs.id"}
                """);
        String a = startRun("many-one", java.util.Map.of("group", "g1"));
        String b = startRun("many-one", java.util.Map.of("group", "g1"));
        String other = startRun("many-one", java.util.Map.of("group", "g2"));
        awaitStatus(a, "waiting");
        awaitStatus(b, "waiting");
        awaitStatus(other, "waiting");
        assertThat(structured(event("com.acme.shared", "sh-1", java.util.Map.of("group", "g1"))).status())
                .isEqualTo(202);
        await().atMost(LONG).until(() -> step(a, "w").path("flowTaskStatus").asText().equals("completed")
                && step(b, "w").path("flowTaskStatus").asText().equals("completed"));
        // The first event resolved only the first wait of each run; the second waits for another event.
        awaitStatus(a, "waiting");
        awaitStatus(b, "waiting");
        assertThat(step(a, "w").path("outputs").path("id").asText()).isEqualTo("sh-1");
        assertThat(step(other, "w").path("flowTaskStatus").asText()).isEqualTo("waiting");
        assertThat(structured(event("com.acme.shared", "sh-2", java.util.Map.of("group", "g1"))).status())
                .isEqualTo(202);
        awaitStatus(a, "completed");
        awaitStatus(b, "completed");
        assertThat(step(a, "w").path("outputs").path("id").asText()).isEqualTo("sh-1");
        assertThat(step(a, "second").path("outputs").path("id").asText()).isEqualTo("sh-2");
        assertThat(statusOf(status(other))).isEqualTo("waiting");
        JsonNode listed = http.get("/api/v1/events?type=com.acme.shared").json().path("items");
        assertThat(listed.get(1).path("resumed")).hasSize(2);
        assertThat(listed.get(0).path("resumed")).hasSize(2);
        assertThat(http.postJson("/api/v1/executions/" + other + "/cancel", "{}").status()).isEqualTo(200);
    }

    @Test
    void lookback_matches_an_event_that_arrived_before_the_step_waited_and_without_it_the_run_keeps_waiting() {
        apply("""
                id: looking-back
                steps:
                  - id: w
                    type: wait-for-event
                    lookback: PT1H
                    event: {type: com.acme.early, correlation: "event.data.key = inputs.key"}
                """);
        apply("""
                id: not-looking-back
                steps:
                  - id: w
                    type: wait-for-event
                    event: {type: com.acme.early, correlation: "event.data.key = inputs.key"}
                """);
        assertThat(structured(event("com.acme.early", "early-1", java.util.Map.of("key", "k1"))).status())
                .isEqualTo(202);
        awaitProcessed("com.acme.early");
        String looking = startRun("looking-back", java.util.Map.of("key", "k1"));
        String notLooking = startRun("not-looking-back", java.util.Map.of("key", "k1"));
        awaitStatus(looking, "completed");
        assertThat(step(looking, "w").path("outputs").path("id").asText()).isEqualTo("early-1");
        awaitStatus(notLooking, "waiting");
        assertThat(structured(event("com.acme.early", "early-2", java.util.Map.of("key", "k1"))).status())
                .isEqualTo(202);
        awaitStatus(notLooking, "completed");
        assertThat(step(notLooking, "w").path("outputs").path("id").asText()).isEqualTo("early-2");
    }

    @Test
    void a_wait_that_times_out_continues_or_fails_as_onTimeout_says() {
        apply("""
                id: times-out
                steps:
                  - id: w
                    type: wait-for-event
                    timeout: PT1H
                    onTimeout: continue
                    event: {type: com.acme.never}
                  - {id: after, type: transform, output: '{"timedOut": steps.w.outputs.timedOut}'}
                """);
        apply("""
                id: times-out-failing
                steps:
                  - id: w
                    type: wait-for-event
                    timeout: PT1H
                    event: {type: com.acme.never}
                """);
        apply("""
                id: approval-times-out
                steps:
                  - {id: ok, type: approval, timeout: PT2H, onTimeout: continue}
                """);
        String going = startRun("times-out", java.util.Map.of());
        String failing = startRun("times-out-failing", java.util.Map.of());
        String approval = startRun("approval-times-out", java.util.Map.of());
        awaitStatus(going, "waiting");
        awaitStatus(failing, "waiting");
        awaitStatus(approval, "waiting");
        clock.advance(Duration.ofHours(3));
        awaitStatus(going, "completed");
        assertThat(step(going, "after").path("outputs").path("timedOut").asBoolean()).isTrue();
        awaitStatus(failing, "failure");
        awaitStatus(approval, "completed");
        assertThat(step(approval, "ok").path("outputs").path("timedOut").asBoolean()).isTrue();
        Http.Reply late = http.postJson("/api/v1/executions/" + approval + "/steps/ok/approve", "{}");
        assertThat(late.status()).as(late.toString()).isEqualTo(409);
    }

    // ---- approvals ---------------------------------------------------------------------------------

    @Test
    void an_approval_round_trip_through_the_api_with_approvers_and_a_second_decision_refused() throws Exception {
        try (Receiver receiver = new Receiver()) {
            apply("""
                    id: needs-approval
                    steps:
                      - {id: sign, type: approval, message: "Ship {{ inputs.order }}?", approvers: [ops-lead]}
                      - id: ship
                        type: transform
                        output: '{"decision": steps.sign.outputs.decision, "by": steps.sign.outputs.by}'
                        webhooks:
                          - {name: tell, on: [created], url: "%s"}
                    """.formatted(receiver.url("/created")));
            String run = startRun("needs-approval", java.util.Map.of("order", "A-1"));
            awaitStatus(run, "waiting");
            JsonNode pending = http.get("/api/v1/approvals?limit=500").json().path("items");
            JsonNode mine = null;
            for (JsonNode p : pending) {
                if (p.path("executionId").asText().equals(run)) {
                    mine = p;
                }
            }
            assertThat(mine).as(pending.toString()).isNotNull();
            assertThat(mine.path("stepId").asText()).isEqualTo("sign");
            assertThat(mine.path("message").asText()).isEqualTo("Ship A-1?");
            assertThat(mine.path("approvers").get(0).asText()).isEqualTo("ops-lead");
            JsonNode ofRun = http.get("/api/v1/approvals?executionId=" + run).json().path("items");
            assertThat(ofRun).hasSize(1);
            assertThat(ofRun.get(0).path("stepId").asText()).isEqualTo("sign");
            assertThat(http.get("/api/v1/approvals?executionId=no-such-run").json().path("items")).isEmpty();
            Http.Reply someone = http.postJson("/api/v1/keys", "{\"name\": \"someone\", \"role\": \"operator\"}");
            Http.Reply lead = http.postJson("/api/v1/keys", "{\"name\": \"ops-lead\", \"role\": \"operator\"}");
            Http.Reply refused = http.withKey(someone.json().path("key").asText())
                    .postJson("/api/v1/executions/" + run + "/steps/sign/approve", "{}");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
            Http.Reply approved = http.withKey(lead.json().path("key").asText())
                    .postJson("/api/v1/executions/" + run + "/steps/sign/approve", "{\"comment\": \"go\"}");
            assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
            assertThat(approved.json().path("decision").asText()).isEqualTo("approved");
            assertThat(approved.json().path("by").asText()).isEqualTo("ops-lead");
            assertThat(approved.json().path("comment").asText()).isEqualTo("go");
            Http.Reply again = http.withKey(lead.json().path("key").asText())
                    .postJson("/api/v1/executions/" + run + "/steps/sign/reject", "{}");
            assertThat(again.status()).as(again.toString()).isEqualTo(409);
            awaitStatus(run, "completed");
            assertThat(step(run, "ship").path("outputs").path("decision").asText()).isEqualTo("approved");
            assertThat(http.get("/api/v1/approvals?limit=500").raw().body()).doesNotContain(run);
            await().atMost(LONG).until(() -> !receiver.calls().isEmpty());
            JsonNode message = Json.read(receiver.calls().getFirst().body());
            assertThat(message.path("event").asText()).isEqualTo("step.created");
            assertThat(message.path("previousStep").path("outputs").path("decision").asText()).isEqualTo("approved");
            assertThat(message.path("previousStep").path("outputs").path("by").asText()).isEqualTo("ops-lead");
        }
    }

    @Test
    void a_rejection_fails_the_step_unless_onReject_continue() {
        apply("""
                id: rejectable
                steps:
                  - {id: sign, type: approval}
                  - {id: after, type: log, message: never}
                """);
        apply("""
                id: rejectable-continue
                steps:
                  - {id: sign, type: approval, onReject: continue}
                  - {id: after, type: transform, output: '{"d": steps.sign.outputs.decision}'}
                """);
        String failing = startRun("rejectable", java.util.Map.of());
        String going = startRun("rejectable-continue", java.util.Map.of());
        awaitStatus(failing, "waiting");
        awaitStatus(going, "waiting");
        assertThat(http.postJson("/api/v1/executions/" + failing + "/steps/sign/reject", "{\"comment\": \"no\"}")
                .status()).isEqualTo(200);
        assertThat(http.postJson("/api/v1/executions/" + going + "/steps/sign/reject", "{}").status()).isEqualTo(200);
        awaitStatus(failing, "failure");
        assertThat(step(failing, "sign").path("error").asText("") + status(failing)).contains("no");
        awaitStatus(going, "completed");
        assertThat(step(going, "after").path("outputs").path("d").asText()).isEqualTo("rejected");
        assertThat(http.postJson("/api/v1/executions/" + going + "/steps/nope/approve", "{}").status())
                .isEqualTo(404);
        assertThat(http.postJson("/api/v1/executions/000000000000000000000000/steps/sign/approve", "{}").status())
                .isEqualTo(404);
    }

    // ---- emit-event --------------------------------------------------------------------------------

    @Test
    void an_emitted_event_starts_a_workflow_and_resumes_a_waiting_run_exactly_once() {
        apply("""
                id: chain-a
                steps:
                  - id: tell
                    type: emit-event
                    event: {type: com.acme.chain.go, subject: "{{ inputs.orderId }}", data: '{"orderId": inputs.orderId}'}
                """);
        apply("""
                id: chain-b
                triggers:
                  events: [{type: com.acme.chain.go}]
                steps:
                  - {id: got, type: transform, output: '{"orderId": trigger.event.data.orderId, "source": trigger.event.source}'}
                """);
        apply("""
                id: chain-c
                steps:
                  - id: w
                    type: wait-for-event
                    event: {type: com.acme.chain.*, correlation: "event.data.orderId = inputs.orderId"}
                """);
        String c = startRun("chain-c", java.util.Map.of("orderId", "X-7"));
        awaitStatus(c, "waiting");
        String a = startRun("chain-a", java.util.Map.of("orderId", "X-7"));
        awaitStatus(a, "completed");
        awaitStatus(c, "completed");
        awaitProcessed("com.acme.chain.go");
        await().atMost(LONG).until(() -> runs("chain-b").size() == 1
                && statusOf(runs("chain-b").getFirst()).equals("completed"));
        JsonNode got = step(idOf(runs("chain-b").getFirst()), "got").path("outputs");
        assertThat(got.path("orderId").asText()).isEqualTo("X-7");
        assertThat(got.path("source").asText()).isEqualTo("/flowgate/workflows/chain-a");
        String emittedId = step(a, "tell").path("outputs").path("id").asText();
        assertThat(step(c, "w").path("outputs").path("id").asText()).isEqualTo(emittedId);
        JsonNode listed = http.get("/api/v1/events?type=com.acme.chain.go").json().path("items");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("started")).hasSize(1);
        assertThat(listed.get(0).path("resumed").get(0).asText()).isEqualTo(c);
    }

    @Test
    void metrics_count_events_accepted_and_matched_and_the_waiting_steps() {
        assertThat(structured(event("com.acme.metrics", "m-1", 1)).status()).isEqualTo(202);
        awaitProcessed("com.acme.metrics");
        String metrics = http.get("/metrics").raw().body();
        assertThat(metrics).contains("flowgate_events_accepted_total").contains("flowgate_events_processed_total")
                .contains("flowgate_waiting_steps");
    }

    @Test
    void a_workflow_with_a_bad_event_trigger_or_waiting_step_is_rejected_with_paths() {
        Http.Reply r = http.postYaml("/api/v1/workflows", """
                id: bad-events
                triggers:
                  events:
                    - {type: "com.*.x", filter: "data.("}
                steps:
                  - {id: w, type: wait-for-event, event: {correlation: "("}, onTimeout: maybe, lookback: soon}
                  - {id: a, type: approval, onReject: perhaps}
                  - {id: e, type: emit-event, event: {type: "a.*"}}
                """);
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.raw().body()).contains("triggers.events[0].type").contains("triggers.events[0].filter")
                .contains("steps[0].event.type").contains("steps[0].event.correlation").contains("steps[0].onTimeout")
                .contains("steps[0].lookback").contains("steps[1].onReject").contains("steps[2].event.type");
    }
}
