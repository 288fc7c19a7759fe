package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowgate.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once across a crash: a server fires a per-second schedule, is killed with SIGKILL (possibly between
 * claiming a slot and recording it) and started again. Every second from the first run to the last must have
 * exactly one run: none doubled by the restart, none lost to the downtime ({@code misfire: all}).
 */
class ScheduleCrashTest {
    @TempDir
    Path dir;

    @Test
    void a_per_second_schedule_has_one_run_per_second_across_a_sigkill_and_restart() throws Exception {
        Path data = dir.resolve("data");
        try (ServerProcess server = new ServerProcess(data, dir.resolve("server.log"))) {
            server.start();
            Http http = new Http(server.url(), Files.readString(data.resolve("admin.key")).trim());
            Http.Reply saved = http.postYaml("/api/v1/workflows", """
                    id: heartbeat
                    triggers:
                      schedule:
                        - cron: "* * * * * *"
                          misfire: all
                    steps:
                      - {id: beat, type: log, message: "{{ trigger.scheduledTime }}", level: debug}
                    """);
            assertThat(saved.status()).as(saved.toString()).isEqualTo(201);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> slots().size() >= 3);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("No runs; server log:\n" + Files.readString(dir.resolve("server.log")), e);
            }

            server.kill();
            server.start();
            Instant restarted = Instant.now();
            Http again = new Http(server.url(), Files.readString(data.resolve("admin.key")).trim());
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    List<Instant> s = slots();
                    return !s.isEmpty() && s.getLast().isAfter(restarted.plusSeconds(2));
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("Restarted at " + restarted + ", slots " + slots() + ", schedules "
                        + again.get("/api/v1/schedules").json() + "\nserver log:\n"
                        + Files.readString(dir.resolve("server.log")), e);
            }

            // Stop the schedule, then let the last runs finish, so the list below is final.
            again.postYaml("/api/v1/workflows", "id: heartbeat\nsteps:\n  - {id: beat, type: log, message: done}\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> count(again, "") == count(again, "&status=completed"));

            List<Instant> slots = slots();
            assertThat(slots).hasSizeGreaterThanOrEqualTo(5).doesNotHaveDuplicates();
            for (int i = 1; i < slots.size(); i++) {
                assertThat(Duration.between(slots.get(i - 1), slots.get(i))).as("gap after " + slots.get(i - 1))
                        .isEqualTo(Duration.ofSeconds(1));
            }
        }
    }

    private static int count(Http http, String filter) {
        return http.get("/api/v1/executions?workflowId=heartbeat&trigger=schedule&limit=500" + filter).json()
                .path("items").size();
    }

    /** Slots of the completed runs, oldest first, read from the database file the server writes. */
    private List<Instant> slots() throws SQLException {
        List<Instant> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/flowgate.db"));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT context FROM executions WHERE workflow_id = 'heartbeat' "
                     + "AND trig = 'schedule' AND status = 'completed'")) {
            while (rs.next()) {
                out.add(Instant.parse(Json.read(rs.getString(1)).path("trigger").path("scheduledTime").asText()));
            }
        }
        out.sort(null);
        return out;
    }
}
