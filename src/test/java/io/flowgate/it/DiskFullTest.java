package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, faults: the data directory is a small tmpfs that the test fills to the last byte under load. The node
 * answers {@code 503} with {@code Retry-After} (never {@code 500}), {@code /readyz} says why, nothing it
 * acknowledged is lost, and once space returns it takes requests again without a restart. Needs root (to mount
 * the tmpfs), as CI runs.
 */
class DiskFullTest {
    static final String PAD = "x".repeat(8_000);
    static final long LEFT = 3L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void a_full_disk_answers_503_loses_nothing_and_recovers_without_a_restart() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", data.toString()) == 0,
                "mounting a tmpfs needs root (CI runs as root)");
        Path filler = data.resolve("filler");
        try (ServerProcess server = new ServerProcess(data, dir.resolve("server.log"), "--node-id", "full-node")) {
            server.start();
            Http http = new Http(server.url(), Files.readString(data.resolve("admin.key")).trim());
            Http.Reply saved = http.postYaml("/api/v1/workflows", """
                    id: full
                    steps:
                      - {id: a, type: log, message: hi}
                      - {id: b, type: transform, output: '{"n": inputs.n}'}
                    """);
            assertThat(saved.status()).as(saved.toString()).isEqualTo(201);
            fill(filler);

            List<String> acknowledged = new ArrayList<>();
            List<Http.Reply> refused = new ArrayList<>();
            for (int i = 0; i < 3_000 && refused.size() < 20; i++) {
                Http.Reply r = http.postJson("/api/v1/workflows/full/executions",
                        Map.of("inputs", Map.of("n", i, "pad", PAD)));
                assertThat(r.status()).as("never a 500: " + r).isIn(202, 503);
                if (r.status() == 202) {
                    acknowledged.add(r.json().path("activityId").asText());
                } else {
                    refused.add(r);
                }
            }
            assertThat(acknowledged).as("accepted while there was room").isNotEmpty();
            assertThat(refused).as("the full disk was noticed").isNotEmpty();
            assertThat(refused.getFirst().header("Retry-After")).isEqualTo("1");
            assertThat(refused.getFirst().json().path("code").asText()).isEqualTo("store_unavailable");
            Http.Reply notReady = http.get("/readyz");
            assertThat(notReady.status()).as(notReady.toString()).isEqualTo(503);
            assertThat(notReady.json().path("reason").asText()).containsIgnoringCase("disk is full");

            Files.delete(filler); // space returns; no restart
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                    http.postJson("/api/v1/workflows/full/executions", Map.of("inputs", Map.of("n", -1))).status()
                            == 202);
            await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/readyz").status() == 200);
            String jdbc = "jdbc:sqlite:" + data.resolve("flowgate.db");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                    Sql.count(jdbc, "SELECT count(*) FROM executions WHERE workflow_id = 'full' AND status NOT IN "
                            + "('completed', 'failure', 'cancelled')") == 0);
            List<String> completed = new ArrayList<>();
            Sql.query(jdbc, "SELECT id FROM executions WHERE workflow_id = 'full' AND status = 'completed'",
                    rs -> completed.add(rs.getString(1)));
            System.out.printf("disk full: %d starts acknowledged before and while the disk filled, %d refused with "
                    + "503, all acknowledged completed after space returned%n", acknowledged.size(), refused.size());
            assertThat(completed).as("every acknowledged run completed").containsAll(acknowledged);
            // Nothing half-written: the file is sound, a refused start left no row (the runs are exactly those
            // acknowledged, and the one started after space returned), and every run has both its steps.
            List<String> integrity = new ArrayList<>();
            Sql.query(jdbc, "PRAGMA integrity_check", rs -> integrity.add(rs.getString(1)));
            assertThat(integrity).containsExactly("ok");
            assertThat(completed).hasSize(acknowledged.size() + 1);
            assertThat(Sql.count(jdbc, "SELECT count(*) FROM steps s JOIN executions e ON e.id = s.execution_id"
                    + " WHERE e.workflow_id = 'full' AND s.status = 'completed'")).isEqualTo(2L * completed.size());
        } finally {
            run("umount", "-l", data.toString());
        }
    }

    /** Fills the file system but for {@link #LEFT} bytes, which the load then fills. */
    private static void fill(Path filler) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (Files.getFileStore(filler).getUsableSpace() > LEFT) {
                out.write(chunk);
                out.flush();
            }
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
