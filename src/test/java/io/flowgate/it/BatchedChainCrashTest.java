package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Chains of steps without outside effects commit once, at the next park or end or before the next step with
 * outside effects (docs/architecture.md#run-to-the-next-park). After a crash such a chain runs again from the last
 * commit. Here a server runs quick steps (transforms, a {@code when:} skip, a log) followed by an {@code http} step,
 * is killed with SIGKILL after a random number of acknowledged runs, and started again: every acknowledged run must
 * end, and the {@code http} step of a run may reach the receiver more than once only with the same idempotency key.
 */
class BatchedChainCrashTest {
    static final int EXECUTIONS = 600;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void a_chain_of_quick_steps_runs_again_after_a_kill_but_its_outside_effect_keeps_its_key(String database)
            throws Exception {
        Path data = dir.resolve("data");
        String pg = database.equals("postgresql") ? PostgresDatabases.create("flowgate_chain_crash") : null;
        String jdbc = pg == null ? "jdbc:sqlite:" + data.resolve("flowgate.db") : PostgresDatabases.url(pg);
        int killAfter = ThreadLocalRandom.current().nextInt(20, EXECUTIONS / 2);
        try (Receiver receiver = new Receiver();
             ServerProcess server = new ServerProcess(data, dir.resolve("server.log"), "--node-id", "chain-node",
                     "--allow-outbound", "127.0.0.0/8", "--db", jdbc)) {
            server.start();
            Http http = new Http(server.url(), Files.readString(data.resolve("admin.key")).trim());
            Http.Reply saved = http.postYaml("/api/v1/workflows", """
                    id: chain
                    steps:
                      - id: a
                        type: transform
                        output: '{ "n": inputs.n }'
                      - id: b
                        type: transform
                        output: '{ "twice": steps.a.outputs.n * 2 }'
                      - id: never
                        type: transform
                        when: 'steps.b.outputs.twice < 0'
                        output: '{ "x": 1 }'
                      - id: note
                        type: log
                        level: debug
                        message: "n is {{ steps.a.outputs.n }}"
                      - id: call
                        type: http
                        request: { method: POST, url: "%s", body: '{{ steps.b.outputs }}' }
                    """.formatted(receiver.url("/call")));
            assertThat(saved.status()).as(saved.toString()).isEqualTo(201);

            Set<String> accepted = java.util.concurrent.ConcurrentHashMap.newKeySet();
            AtomicBoolean killed = new AtomicBoolean();
            try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
                for (int i = 0; i < EXECUTIONS; i++) {
                    int n = i;
                    pool.submit(() -> {
                        if (killed.get()) {
                            return;
                        }
                        try {
                            Http.Reply r = http.postJson("/api/v1/workflows/chain/executions",
                                    Map.of("inputs", Map.of("n", n)));
                            if (r.status() == 202) {
                                accepted.add(r.json().get("activityId").asText());
                            }
                        } catch (RuntimeException refusedAfterTheKill) {
                            // not acknowledged: the server was killed while this request was in flight
                        }
                    });
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= killAfter);
                killed.set(true);
                server.kill();
            }
            Set<String> acknowledged = Set.copyOf(accepted);

            server.start();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> endedExecutions(jdbc).containsAll(acknowledged));

            Map<String, Set<String>> keysByRun = new HashMap<>();
            for (Receiver.Call call : List.copyOf(receiver.calls())) {
                String key = call.header("Idempotency-Key");
                keysByRun.computeIfAbsent(key.split(":")[0], k -> new HashSet<>()).add(key);
            }
            assertThat(keysByRun.keySet()).as("killed after %d acknowledged runs", killAfter)
                    .containsAll(acknowledged);
            keysByRun.forEach((run, keys) -> assertThat(keys)
                    .as("run %s reached the receiver with different idempotency keys (killed after %d)", run,
                            killAfter)
                    .hasSize(1));
            assertThat(completedSteps(jdbc, "never", "skipped")).containsAll(acknowledged);
        } finally {
            if (pg != null) {
                PostgresDatabases.drop(pg);
            }
        }
    }

    private static Set<String> endedExecutions(String jdbc) throws Exception {
        Set<String> out = new HashSet<>();
        try (Connection c = DriverManager.getConnection(jdbc); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM executions WHERE status = 'completed'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static Set<String> completedSteps(String jdbc, String stepId, String status) throws Exception {
        Set<String> out = new HashSet<>();
        try (Connection c = DriverManager.getConnection(jdbc); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT execution_id FROM steps WHERE step_id = '" + stepId
                     + "' AND status = '" + status + "'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
