package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.store.RetentionStore.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retention end to end on a real node (docs/operations.md#retention): history past the node's retention, or a
 * workflow's own {@code retention:}, is pruned when the clock has moved past it, the API stops showing it, and
 * {@code /metrics} counts it. The clock is moved, never waited for; a round is run directly. Run on SQLite
 * ({@link SqliteRetentionTest}) and PostgreSQL ({@link PostgresRetentionTest}).
 */
abstract class RetentionContract {
    Path dir;
    final OffsetClock clock = new OffsetClock();
    TestServer server;
    Http http;

    abstract TestServer startServer(Path dir, OffsetClock clock) throws Exception;

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("flowgate-retention-it");
        server = startServer(dir, clock);
        server.app().pruner().close(); // the test runs every round itself, with its moved clock
        http = server.http();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static String workflow(String id, String retention) {
        return "id: " + id + "\n" + (retention == null ? "" : "retention: " + retention + "\n") + """
                triggers:
                  webhook: {}
                steps:
                  - id: t
                    type: transform
                    output: '{ "n": trigger.body.n }'
                """;
    }

    String hook(String workflow) {
        Http.Reply r = http.postYaml("/api/v1/workflows", workflow);
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
        return r.json().path("webhook").path("hookId").asText();
    }

    String trigger(String hookId) {
        Http.Reply r = http.post("/hooks/" + hookId, "application/json", "{\"n\": 1}");
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        String id = r.json().path("activityId").asText();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
                http.get("/api/v1/executions/" + id).json().path("status").asText().equals("completed"));
        return id;
    }

    int requestsLogged(String workflow) {
        JsonNode items = http.get("/api/v1/workflows/" + workflow + "/requests").json().path("items");
        return items.size();
    }

    static double pruned(String metrics, String kind) {
        Matcher m = Pattern.compile("^flowgate_pruned_total\\{[^}]*kind=\"" + kind + "\"[^}]*} (\\S+)$",
                Pattern.MULTILINE).matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void history_past_the_retention_goes_and_a_workflows_own_retention_wins() throws Exception {
        String shortHook = hook(workflow("keep-short", "PT2H"));
        String defaultHook = hook(workflow("keep-default", null));
        String shortRun = trigger(shortHook);
        String defaultRun = trigger(defaultHook);
        assertThat(requestsLogged("keep-short")).isEqualTo(1);

        assertThat(server.app().pruner().pruneAll()).containsEntry(Kind.EXECUTIONS, 0);

        clock.advance(Duration.ofHours(3));
        Map<Kind, Integer> first = server.app().pruner().pruneAll();
        assertThat(first).containsEntry(Kind.EXECUTIONS, 1).containsEntry(Kind.REQUESTS, 1);
        assertThat(http.get("/api/v1/executions/" + shortRun).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/executions/" + defaultRun).status()).isEqualTo(200);
        assertThat(requestsLogged("keep-short")).isZero();
        assertThat(requestsLogged("keep-default")).isEqualTo(1);

        clock.advance(Duration.ofDays(30));
        assertThat(server.app().pruner().pruneAll()).containsEntry(Kind.EXECUTIONS, 1).containsEntry(Kind.REQUESTS, 1);
        assertThat(http.get("/api/v1/executions/" + defaultRun).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/executions?workflowId=keep-default").json().path("items").size()).isZero();

        String metrics = http.get("/metrics").raw().body();
        assertThat(pruned(metrics, "executions")).isEqualTo(2.0);
        assertThat(pruned(metrics, "requests")).isEqualTo(2.0);
    }

    @Test
    void a_retention_shorter_than_a_minute_is_refused_whole() {
        Http.Reply r = http.postYaml("/api/v1/workflows", workflow("too-short", "PT10S"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.raw().body()).contains("retention");
    }
}
