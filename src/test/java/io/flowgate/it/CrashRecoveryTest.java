package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The durability promise, tested the hard way: a server process runs 1,000 executions of a workflow
 * with a sleep step, is killed with SIGKILL mid-way, and is started again. Every execution must
 * complete, and no step that had completed before the kill may run again. On SQLite and on PostgreSQL.
 */
class CrashRecoveryTest {
    static final int EXECUTIONS = 1000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void every_accepted_execution_completes_after_a_kill_and_no_completed_step_runs_again(String database)
            throws Exception {
        Path data = dir.resolve("data");
        String pg = database.equals("postgresql") ? PostgresDatabases.create("flowgate_crash") : null;
        String jdbc = pg == null ? "jdbc:sqlite:" + data.resolve("flowgate.db") : PostgresDatabases.url(pg);
        try (Receiver receiver = new Receiver();
             ServerProcess server = new ServerProcess(data, dir.resolve("server.log"), "--node-id", "crash-node",
                     "--allow-outbound", "127.0.0.0/8", "--db", jdbc)) {
            server.start();
            Http http = new Http(server.url(), Files.readString(data.resolve("admin.key")).trim());
            Http.Reply saved = http.postYaml("/api/v1/workflows", """
                    id: crashy
                    steps:
                      - id: first
                        type: http
                        request: { method: POST, url: "%s" }
                      - id: nap
                        type: sleep
                        duration: PT1S
                      - id: last
                        type: http
                        request: { method: POST, url: "%s" }
                    """.formatted(receiver.url("/first"), receiver.url("/last")));
            assertThat(saved.status()).as(saved.toString()).isEqualTo(201);

            List<String> accepted = startAll(http);
            assertThat(accepted).hasSize(EXECUTIONS);

            await().atMost(Duration.ofSeconds(60)).until(() -> count(receiver, "/last") >= EXECUTIONS / 5);
            server.kill();
            int callsBeforeKill = receiver.calls().size();
            Set<String> completedBeforeKill = completedSteps(jdbc);
            assertThat(completedBeforeKill).isNotEmpty();

            server.start();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> completedExecutions(jdbc) == EXECUTIONS);

            List<Receiver.Call> afterRestart = receiver.calls().subList(callsBeforeKill, receiver.calls().size());
            for (Receiver.Call call : afterRestart) {
                String[] key = call.header("Idempotency-Key").split(":");
                assertThat(completedBeforeKill).as("step %s:%s completed before the kill but ran again", key[0], key[1])
                        .doesNotContain(key[0] + ":" + key[1]);
            }
            Set<String> finished = new HashSet<>();
            receiver.calls().stream().filter(c -> c.path().equals("/last"))
                    .forEach(c -> finished.add(c.header("Idempotency-Key").split(":")[0]));
            assertThat(finished).containsAll(accepted);
        } finally {
            if (pg != null) {
                PostgresDatabases.drop(pg);
            }
        }
    }

    private static List<String> startAll(Http http) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < EXECUTIONS; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    Http.Reply r = http.postJson("/api/v1/workflows/crashy/executions", Map.of("inputs", Map.of("n", n)));
                    assertThat(r.status()).as(r.toString()).isEqualTo(202);
                    return r.json().get("activityId").asText();
                }));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : futures) {
                ids.add(f.get());
            }
            return ids;
        }
    }

    private static long count(Receiver receiver, String path) {
        return receiver.calls().stream().filter(c -> c.path().equals(path)).count();
    }

    private static Connection db(String jdbc) throws SQLException {
        return DriverManager.getConnection(jdbc);
    }

    private static Set<String> completedSteps(String data) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Connection c = db(data); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT execution_id, step_id FROM steps WHERE status = 'completed'")) {
            while (rs.next()) {
                out.add(rs.getString(1) + ":" + rs.getString(2));
            }
        }
        return out;
    }

    private static int completedExecutions(String data) throws SQLException {
        try (Connection c = db(data); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM executions WHERE status = 'completed'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
