package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.App;
import io.flowgate.config.Config;
import io.flowgate.core.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one PostgreSQL database: what one node changes reaches the other through LISTEN/NOTIFY
 * (docs/scaling.md#wake-ups-listennotify), and every request works whichever node it lands on. Waits are
 * generous awaits on the outcome, never timings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterWakeUpsPostgresTest {
    static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    String db;
    App a;
    App b;
    Http onA;
    Http onB;
    /** Node b's clock runs 7 s ahead (well inside the 15 s lease, renewed every 5 s): it sees a timer parked by a as due first. */
    final OffsetClock bClock = new OffsetClock();

    @BeforeAll
    void start() throws Exception {
        db = PostgresDatabases.create("flowgate_wake");
        Config base = TestServer.config(dir).withDb(PostgresDatabases.url(db));
        a = App.start(base.withNodeId("node-a").withDataDir(dir.resolve("a")), TestServer.CLUSTER_ENV);
        bClock.advance(Duration.ofSeconds(7));
        b = App.start(base.withNodeId("node-b").withDataDir(dir.resolve("b")), TestServer.CLUSTER_ENV, bClock);
        onA = new Http(a.url(), a.adminKey());
        onB = new Http(b.url(), a.adminKey());
    }

    @AfterAll
    void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        PostgresDatabases.drop(db);
    }

    void apply(String yaml) {
        Http.Reply r = onA.postYaml("/api/v1/workflows", yaml);
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
    }

    String start(Http node, String workflowId, Map<String, Object> inputs) {
        Http.Reply r = node.postJson("/api/v1/workflows/" + workflowId + "/executions", Map.of("inputs", inputs));
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        return r.json().get("activityId").asText();
    }

    String status(Http node, String id) {
        return node.get("/api/v1/executions/" + id).json().path("status").asText();
    }

    /** An open executions stream and the lines it sent so far. */
    record Lines(LinkedBlockingQueue<String> lines, HttpResponse<Stream<String>> response, Thread reader)
            implements AutoCloseable {
        boolean showed(String id, String status) {
            return lines.stream().anyMatch(l -> l.startsWith("data:") && l.contains(id) && l.contains("\"" + status + "\""));
        }

        boolean mentions(String id) {
            return lines.stream().anyMatch(l -> l.contains(id));
        }

        @Override
        public void close() {
            reader.interrupt();
            response.body().close();
        }
    }

    Lines stream(Http node) throws Exception {
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpResponse<Stream<String>> response = node.client().sendAsync(
                node.request("/api/v1/executions/stream").GET().build(), HttpResponse.BodyHandlers.ofLines()).get();
        Thread reader = Thread.ofVirtual().start(() -> response.body().forEach(lines::add));
        await().atMost(LONG).until(() -> lines.contains("event: open"));
        return new Lines(lines, response, reader);
    }

    @Test
    void a_change_made_on_node_b_reaches_the_executions_stream_of_node_a() throws Exception {
        apply("id: streamed\nsteps:\n  - {id: t, type: transform, output: '{\"x\": 1}'}\n");
        try (Lines onAStream = stream(onA)) {
            // The list stream has no poll of its own: a line about b's run can only come from b's notification.
            String id = start(onB, "streamed", Map.of());
            await().atMost(LONG).until(() -> onAStream.showed(id, "completed"));
        }
        assertThat(onA.get("/metrics").raw().body()).containsPattern("flowgate_signals_received_total\\{[^}]*} [1-9]");
    }

    @Test
    void another_nodes_changes_reach_only_the_streams_whose_key_may_see_the_team() throws Exception {
        apply("id: teamed\nteam: alpha\nsteps:\n  - {id: t, type: transform, output: '{\"x\": 1}'}\n");
        apply("id: teamed\nteam: beta\nsteps:\n  - {id: t, type: transform, output: '{\"x\": 1}'}\n");
        Http.Reply key = onA.postJson("/api/v1/keys", Map.of("name", "alpha-watcher", "role", "viewer",
                "teams", java.util.List.of("alpha")));
        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        Http alphaOnA = onA.withKey(key.json().get("key").asText());
        try (Lines all = stream(onA); Lines alphaOnly = stream(alphaOnA)) {
            String beta = onB.postJson("/api/v1/workflows/teamed/executions?team=beta", Map.of()).json()
                    .get("activityId").asText();
            await().atMost(LONG).until(() -> all.showed(beta, "completed"));
            String alpha = onB.postJson("/api/v1/workflows/teamed/executions?team=alpha", Map.of()).json()
                    .get("activityId").asText();
            // One watcher loop feeds both streams in order: had beta's run passed the filter, it would come first.
            await().atMost(LONG).until(() -> alphaOnly.showed(alpha, "completed"));
            assertThat(alphaOnly.mentions(beta)).isFalse();
        }
    }

    @Test
    void a_cancel_on_node_b_stops_the_run_node_a_drives_at_once() throws Exception {
        try (Receiver slow = new Receiver()) {
            slow.answer(c -> new Receiver.Answer(200, "{}", 600_000)); // the step would hold a for ten minutes
            apply("""
                    id: held
                    steps:
                      - id: call
                        type: http
                        timeout: PT10M
                        request: { method: POST, url: "%s" }
                    """.formatted(slow.url("/slow")));
            String id = start(onA, "held", Map.of());
            await().atMost(LONG).until(() -> slow.calls().size() == 1);
            assertThat(a.engine().activeCount()).isEqualTo(1);
            Http.Reply cancelled = onB.post("/api/v1/executions/" + id + "/cancel", "application/json", "{}");
            assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
            // Without the signal a's driver would wait for the receiver's answer (or the step's timeout), minutes away.
            await().atMost(LONG).until(() -> a.engine().activeCount() == 0);
            assertThat(status(onA, id)).isEqualTo("cancelled");
        }
    }

    @Test
    void an_event_posted_on_node_b_resumes_a_run_node_a_parked() {
        apply("""
                id: awaits-paid
                steps:
                  - id: paid
                    type: wait-for-event
                    event: {type: com.acme.cluster.paid, correlation: "event.data.orderId = inputs.orderId"}
                  - id: after
                    type: transform
                    output: '{"got": steps.paid.outputs.data.orderId}'
                """);
        String id = start(onA, "awaits-paid", Map.of("orderId", "c-1"));
        await().atMost(LONG).until(() -> status(onA, id).equals("waiting"));
        Http.Reply sent = onB.post("/api/v1/events", "application/cloudevents+json", Json.write(Json.read("""
                {"specversion": "1.0", "id": "cluster-paid-1", "source": "/tests", "type": "com.acme.cluster.paid",
                 "data": {"orderId": "c-1"}}""")));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        await().atMost(LONG).until(() -> status(onA, id).equals("completed"));
    }

    @Test
    void an_approval_sent_to_node_b_resumes_a_run_node_a_parked() {
        apply("""
                id: approve-me
                steps:
                  - id: ok
                    type: approval
                    message: "Ship it?"
                  - id: after
                    type: transform
                    output: '{"done": true}'
                """);
        String id = start(onA, "approve-me", Map.of());
        await().atMost(LONG).until(() -> status(onA, id).equals("waiting"));
        Http.Reply approved = onB.postJson("/api/v1/executions/" + id + "/steps/ok/approve", Map.of("comment", "yes"));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        await().atMost(LONG).until(() -> status(onA, id).equals("completed"));
    }

    @Test
    void a_capture_started_on_node_a_catches_a_request_sent_to_node_b() throws Exception {
        Http.Reply saved = onA.postYaml("/api/v1/workflows", """
                id: captured
                triggers:
                  webhook: {methods: [POST]}
                steps: [{id: t, type: transform, output: '{"x": 1}'}]
                """);
        assertThat(saved.status()).as(saved.toString()).isIn(200, 201);
        String hookId = saved.json().path("webhook").path("hookId").asText();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Http.Reply> capture = pool.submit(() ->
                    onA.postJson("/api/v1/workflows/captured/webhook/capture?timeout=PT60S", Map.of()));
            // Requests that land before b hears of the session run normally, as on one node.
            await().atMost(LONG).until(() -> {
                Http.Reply r = onB.post("/hooks/" + hookId, "application/json", "{\"order\": {\"id\": \"cap-1\"}}");
                return r.status() == 200 && r.json().path("captured").asBoolean();
            });
            JsonNode out = capture.get().json();
            assertThat(out.path("captured").asBoolean()).as(out.toString()).isTrue();
            assertThat(out.path("request").toString()).contains("cap-1");
            assertThat(out.path("params").toString()).contains("\"order.id\"");
        }
    }

    @Test
    void a_sync_webhook_accepted_on_node_a_answers_when_node_b_finishes_the_steps() {
        Http.Reply saved = onA.postYaml("/api/v1/workflows", """
                id: sync-across
                triggers:
                  webhook: {response: {mode: sync, timeout: PT60S}}
                steps:
                  - id: nap
                    type: sleep
                    duration: PT5S
                  - id: where
                    type: transform
                    output: '{"ok": true}'
                  - id: answer
                    type: respond
                    status: 201
                    body: { ok: true, order: "{{ trigger.body.id }}" }
                """);
        assertThat(saved.status()).as(saved.toString()).isIn(200, 201);
        String hookId = saved.json().path("webhook").path("hookId").asText();
        Http.Reply r = onA.post("/hooks/" + hookId, "application/json", "{\"id\": \"s-1\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json()).isEqualTo(Json.read("{\"ok\": true, \"order\": \"s-1\"}"));
    }
}
