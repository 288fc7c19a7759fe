package io.flowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.it.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The {@code cron} and {@code schedules} commands against a real server; run on SQLite and PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ScheduleCommandsContract {
    Path dir;
    TestServer server;
    Map<String, String> env;

    abstract TestServer startServer(Path dir) throws Exception;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("flowgate-sched-cli");
        server = startServer(dir);
        env = Map.of("FLOWGATE_SERVER", "http://127.0.0.1:" + server.app().port(),
                "FLOWGATE_API_KEY", server.app().adminKey());
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

    @Test
    void cron_prints_the_next_fire_times_in_the_zone() {
        CliRun run = CliRun.run(env, "cron", "30 2 * * *", "--timezone", "Europe/Paris", "--count", "3",
                "--from", "2026-03-28T12:00:00Z");
        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("2026-03-29T03:00:00+02:00\n2026-03-30T02:30:00+02:00\n2026-03-31T02:30:00+02:00\n");
    }

    @Test
    void cron_with_a_bad_field_fails_with_a_one_line_error_naming_it() {
        CliRun run = CliRun.run(env, "cron", "0 9 * 13 *");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("month").contains("invalid_cron");
        assertThat(run.err().strip().lines()).hasSize(1);
    }

    @Test
    void schedules_lists_pauses_resumes_and_backfills() throws Exception {
        Path file = dir.resolve("report.yaml");
        Files.writeString(file, """
                id: report
                triggers:
                  schedule:
                    - cron: "0 9 * * MON-FRI"
                      timezone: Europe/Paris
                steps:
                  - {id: a, type: log, message: hi}
                """);
        assertThat(CliRun.run(env, "apply", "-f", file.toString()).exit()).isZero();

        CliRun list = CliRun.run(env, "schedules", "--workflow", "report");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).startsWith("ID").contains("default:report:0").contains("0 9 * * MON-FRI")
                .contains("Europe/Paris").contains("active");

        CliRun paused = CliRun.run(env, "schedules", "pause", "default:report:0");
        assertThat(paused.err()).isEmpty();
        assertThat(paused.out()).startsWith("schedule default:report:0 paused");
        assertThat(CliRun.run(env, "schedules", "--workflow", "report").out()).contains("paused");
        assertThat(CliRun.run(env, "schedules", "resume", "default:report:0").out())
                .startsWith("schedule default:report:0 resumed; next fire 20");

        CliRun back = CliRun.run(env, "schedules", "backfill", "default:report:0", "--from", "2026-01-05T00:00:00Z",
                "--to", "2026-01-09T23:00:00Z");
        assertThat(back.out()).isEqualTo("schedule default:report:0: started 5 run(s), 0 slot(s) had already run\n");
        CliRun json = CliRun.run(env, "--output", "json", "schedules");
        assertThat(json.out()).contains("\"fired\"");
        assertThat(CliRun.run(env, "schedules", "pause", "default:nope:0").exit()).isEqualTo(1);
    }
}
