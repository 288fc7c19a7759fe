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
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deliveries are durable: a server whose receiver is down holds pending deliveries, is killed with
 * SIGKILL, and started again; once the receiver answers, every message arrives.
 */
class DeliveryCrashTest {
    static final int EXECUTIONS = 50;

    @TempDir
    Path dir;

    @Test
    void pending_deliveries_survive_a_kill_and_are_all_delivered_after_the_restart() throws Exception {
        Path data = dir.resolve("data");
        AtomicBoolean up = new AtomicBoolean(false);
        try (Receiver receiver = new Receiver().answer(c -> up.get() ? Receiver.Answer.ok("{}")
                : new Receiver.Answer(503, "{}", 0));
             ServerProcess server = new ServerProcess(data, dir.resolve("server.log"), "--node-id", "deliv-node",
                     "--allow-outbound", "127.0.0.0/8")) {
            server.start();
            Http http = new Http(server.url(), Files.readString(data.resolve("admin.key")).trim());
            Http.Reply saved = http.postYaml("/api/v1/workflows", """
                    id: crash-hooks
                    steps:
                      - id: a
                        type: log
                        message: hi
                        webhooks: [{ on: [created, completed], url: "%s", retry: [200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms] }]
                    """.formatted(receiver.url("/hook")));
            assertThat(saved.status()).as(saved.toString()).isEqualTo(201);
            for (int i = 0; i < EXECUTIONS; i++) {
                assertThat(http.postJson("/api/v1/workflows/crash-hooks/executions", Map.of()).status()).isEqualTo(202);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> count(data, "status = 'pending'") == 2 * EXECUTIONS);
            server.kill();
            assertThat(count(data, "status = 'pending'")).isEqualTo(2 * EXECUTIONS);

            up.set(true);
            server.start();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> count(data, "status = 'delivered'") == 2 * EXECUTIONS);
            Set<String> delivered = new HashSet<>();
            receiver.calls().forEach(c -> delivered.add(c.header("webhook-id")));
            assertThat(delivered).as("webhook-id stays the same across the restart").hasSize(2 * EXECUTIONS);
        }
    }

    private static int count(Path data, String where) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("flowgate.db"));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM deliveries WHERE " + where)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
