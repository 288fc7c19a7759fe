package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Events survive a crash: runs waiting for an event or a decision are killed with SIGKILL and resume when the
 * event or decision arrives after the restart, and events accepted just before the kill start their runs
 * once each afterwards (the event row is the outbox). On SQLite and on PostgreSQL.
 */
class EventsCrashTest {
    static final int WAITING = 20;
    static final int TRIGGERING = 300;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void waiting_runs_and_accepted_events_survive_a_kill(String database) throws Exception {
        Path data = dir.resolve("data");
        String pg = database.equals("postgresql") ? PostgresDatabases.create("flowgate_evcrash") : null;
        String jdbc = pg == null ? "jdbc:sqlite:" + data.resolve("flowgate.db") : PostgresDatabases.url(pg);
        try (ServerProcess server = new ServerProcess(data, dir.resolve("server.log"), "--node-id", "events-node",
                "--db", jdbc)) {
            server.start();
            Http http = new Http(server.url(), Files.readString(data.resolve("admin.key")).trim());
            save(http, """
                    id: crash-wait
                    steps:
                      - id: w
                        type: wait-for-event
                        event: {type: com.acme.crash.paid, correlation: "event.data.k = inputs.k"}
                    """);
            save(http, """
                    id: crash-approve
                    steps:
                      - {id: sign, type: approval}
                    """);
            save(http, """
                    id: crash-triggered
                    triggers:
                      events: [{type: com.acme.crash.go}]
                    steps:
                      - {id: a, type: log, message: "{{ trigger.event.id }}"}
                    """);
            List<String> waiting = new ArrayList<>();
            List<String> approving = new ArrayList<>();
            for (int i = 0; i < WAITING; i++) {
                waiting.add(start(http, "crash-wait", Map.of("k", "k" + i)));
                approving.add(start(http, "crash-approve", Map.of()));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> count(jdbc,
                    "SELECT count(*) FROM executions WHERE status = 'waiting'") == 2 * WAITING);
            List<String> go = new ArrayList<>();
            for (int i = 0; i < TRIGGERING; i++) {
                go.add(EventsContract.event("com.acme.crash.go", "go-" + i, i));
            }
            Http.Reply accepted = http.post("/api/v1/events", "application/cloudevents-batch+json",
                    "[" + String.join(",", go) + "]");
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
            server.kill();

            server.start();
            for (int i = 0; i < WAITING; i++) {
                Http.Reply sent = http.post("/api/v1/events", "application/cloudevents+json",
                        EventsContract.event("com.acme.crash.paid", "paid-" + i, Map.of("k", "k" + i)));
                assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
                Http.Reply decided = http.postJson("/api/v1/executions/" + approving.get(i) + "/steps/sign/approve",
                        "{}");
                assertThat(decided.status()).as(decided.toString()).isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> count(jdbc,
                    "SELECT count(*) FROM executions WHERE status = 'completed' AND workflow_id IN "
                            + "('crash-wait', 'crash-approve')") == 2 * WAITING);
            await().atMost(Duration.ofSeconds(120)).until(() -> count(jdbc,
                    "SELECT count(*) FROM executions WHERE workflow_id = 'crash-triggered' AND status = 'completed'")
                    == TRIGGERING);
            assertThat(count(jdbc, "SELECT count(*) FROM executions WHERE workflow_id = 'crash-triggered'"))
                    .isEqualTo(TRIGGERING);
            assertThat(count(jdbc, "SELECT count(*) FROM events WHERE processed_at IS NULL")).isZero();
            for (int i = 0; i < WAITING; i++) {
                JsonNode doc = http.get("/api/v1/executions/" + waiting.get(i)).json();
                assertThat(doc.toString()).contains("paid-" + i);
            }
        } finally {
            if (pg != null) {
                PostgresDatabases.drop(pg);
            }
        }
    }

    private static void save(Http http, String yaml) {
        Http.Reply r = http.postYaml("/api/v1/workflows", yaml);
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
    }

    private static String start(Http http, String workflowId, Map<String, Object> inputs) {
        Http.Reply r = http.postJson("/api/v1/workflows/" + workflowId + "/executions", Map.of("inputs", inputs));
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        return r.json().path("activityId").asText();
    }

    private static long count(String jdbc, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbc); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
