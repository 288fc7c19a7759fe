package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/cluster} over real HTTP; on SQLite it lists the one node, on PostgreSQL every node. */
abstract class ClusterApiContract {
    Path dir;
    TestServer server;
    Http http;

    abstract TestServer startServer(Path dir) throws Exception;

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("flowgate-cluster-it");
        server = startServer(dir);
        http = server.http();
    }

    @AfterEach
    void stop() throws java.io.IOException {
        if (server != null) {
            server.close();
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static JsonNode node(Http http, String id) {
        for (JsonNode n : http.get("/api/v1/cluster").json().get("nodes")) {
            if (n.get("id").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError("No node " + id + " in " + http.get("/api/v1/cluster"));
    }

    @Test
    void the_node_lists_itself_alive_with_its_address_version_times_and_held_counts() {
        Http.Reply r = http.get("/api/v1/cluster");

        assertThat(r.status()).isEqualTo(200);
        JsonNode me = node(http, server.app().membership().owner().nodeId());
        assertThat(me.get("address").asText()).isEqualTo(server.app().url());
        assertThat(me.get("version").asText()).isNotBlank();
        assertThat(me.get("alive").asBoolean()).isTrue();
        Instant started = Instant.parse(me.get("startedAt").asText());
        assertThat(Instant.parse(me.get("lastHeartbeat").asText())).isAfterOrEqualTo(started);
        assertThat(me.get("held").properties()).extracting(Map.Entry::getKey)
                .containsExactly("executions", "timers", "deliveries");
    }

    @Test
    void held_executions_count_a_run_while_its_step_is_in_flight_and_drop_when_it_ends() throws Exception {
        try (Receiver slow = new Receiver().answer(call -> new Receiver.Answer(200, "{}", 1_500))) {
            assertThat(http.postYaml("/api/v1/workflows", """
                    id: held
                    steps:
                      - id: call
                        type: http
                        request: { method: POST, url: "%s" }
                    """.formatted(slow.url("/x"))).status()).isEqualTo(201);
            String self = server.app().membership().owner().nodeId();
            http.postJson("/api/v1/workflows/held/executions", Map.of());

            await().atMost(Duration.ofSeconds(10)).until(() -> slow.calls().size() == 1);
            assertThat(node(http, self).at("/held/executions").asLong()).isEqualTo(1);
            // The backlog (the flowgate_queue_depth gauge, shown by `flowgate status` and `flowgate cluster`).
            assertThat(http.get("/api/v1/cluster").json().get("queueDepth").asLong()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> node(http, self).at("/held/executions").asLong() == 0);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> http.get("/api/v1/cluster").json().get("queueDepth").asLong() == 0);
        }
    }

    @Test
    void a_viewer_key_may_read_the_cluster_and_no_key_may_not() {
        assertThat(http.withKey(null).get("/api/v1/cluster").status()).isEqualTo(401);
        JsonNode key = http.postJson("/api/v1/keys", Map.of("name", "looker", "role", "viewer")).json();
        assertThat(http.withKey(key.get("key").asText()).get("/api/v1/cluster").status()).isEqualTo(200);
    }

    /** Only where several nodes share the database. */
    static void assertSecondNodeIsListedThenStoppedAtOnce(Http http, io.flowgate.App second) {
        String id = second.membership().owner().nodeId();
        List<String> ids = http.get("/api/v1/cluster").json().findValuesAsText("id");
        assertThat(ids).contains(id);
        assertThat(node(http, id).get("alive").asBoolean()).isTrue();
        second.close();
        assertThat(node(http, id).get("alive").asBoolean()).as("a graceful stop shows at once").isFalse();
    }
}
