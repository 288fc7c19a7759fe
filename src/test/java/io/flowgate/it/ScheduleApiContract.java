package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Schedules through the real HTTP API and the real scheduler loop; run on SQLite and on PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ScheduleApiContract {
    Path dir;
    TestServer server;
    Http http;

    abstract TestServer startServer(Path dir) throws Exception;

    @BeforeAll
    void start() throws Exception {
        dir = java.nio.file.Files.createTempDirectory("flowgate-sched-it");
        server = startServer(dir);
        http = server.http();
    }

    @AfterAll
    void stop() throws java.io.IOException {
        if (server != null) {
            server.close();
        }
        try (var paths = java.nio.file.Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    Http.Reply apply(String yaml) {
        Http.Reply r = http.postYaml("/api/v1/workflows", yaml);
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
        return r;
    }

    List<JsonNode> scheduleRuns(String workflowId) {
        JsonNode page = http.get("/api/v1/executions?trigger=schedule&limit=500&workflowId=" + workflowId).json();
        List<JsonNode> out = new ArrayList<>();
        page.path("items").forEach(out::add);
        return out;
    }

    @Test
    void preview_lists_the_next_fire_times_with_the_offsets_of_the_zone() {
        Http.Reply r = http.get("/api/v1/schedules/preview?cron=" + q("0 9 * * MON-FRI") + "&timezone=Europe/Paris"
                + "&count=3&from=2026-11-20T10:00:00Z");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("next")).extracting(JsonNode::asText).containsExactly("2026-11-23T09:00:00+01:00",
                "2026-11-24T09:00:00+01:00", "2026-11-25T09:00:00+01:00");
        Http.Reply spring = http.get("/api/v1/schedules/preview?cron=" + q("30 2 * * *")
                + "&timezone=America/New_York&count=2&from=2026-03-07T12:00:00Z");
        assertThat(spring.json().path("next")).extracting(JsonNode::asText)
                .containsExactly("2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00");
    }

    @Test
    void an_invalid_preview_expression_is_a_400_naming_the_bad_field() {
        Http.Reply r = http.get("/api/v1/schedules/preview?cron=" + q("0 9 * * FUNDAY"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("code").asText()).isEqualTo("invalid_cron");
        assertThat(r.json().path("field").asText()).isEqualTo("day-of-week");
        assertThat(r.json().path("msg").asText()).contains("day-of-week");
        Http.Reply zone = http.get("/api/v1/schedules/preview?cron=" + q("@daily") + "&timezone=Mars/Olympus");
        assertThat(zone.status()).isEqualTo(400);
        assertThat(zone.json().path("code").asText()).isEqualTo("invalid_timezone");
    }

    @Test
    void a_workflow_with_a_bad_cron_is_rejected_with_the_path_of_the_field() {
        Http.Reply r = http.postYaml("/api/v1/workflows", """
                id: bad-cron
                triggers:
                  schedule:
                    - cron: "0 25 * * *"
                      misfire: sometimes
                steps:
                  - {id: a, type: log, message: hi}
                """);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.raw().body()).contains("triggers.schedule[0].cron").contains("hour").contains("triggers.schedule[0].misfire");
        assertThat(http.get("/api/v1/workflows/bad-cron").status()).isEqualTo(404);
    }

    @Test
    void a_seconds_schedule_fires_through_the_running_loop_and_a_new_revision_stops_it_at_once() {
        apply("""
                id: every-second
                triggers:
                  schedule:
                    - cron: "* * * * * *"
                      input: {who: cron}
                steps:
                  - {id: greet, type: log, message: "{{ inputs.who }} at {{ trigger.scheduledTime }}"}
                """);
        await().atMost(Duration.ofSeconds(15)).until(() -> scheduleRuns("every-second").size() >= 3);
        JsonNode doc = http.get("/api/v1/executions/" + scheduleRuns("every-second").getFirst().path("activityId")
                .asText(scheduleRuns("every-second").getFirst().path("id").asText())).json();
        assertThat(doc.toString()).contains("schedule");
        apply("""
                id: every-second
                steps:
                  - {id: greet, type: log, message: hi}
                """);
        assertThat(http.get("/api/v1/schedules?workflowId=every-second").json().path("items")).isEmpty();
        int stoppedAt = scheduleRuns("every-second").size();
        List<String> slots = new ArrayList<>();
        scheduleRuns("every-second").forEach(e -> slots.add(e.toString()));
        assertThat(slots).doesNotHaveDuplicates();
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4))
                .until(() -> scheduleRuns("every-second").size() <= stoppedAt + 1);
    }

    @Test
    void schedules_list_pause_resume_and_backfill_through_the_api() {
        apply("""
                id: nightly
                team: ops
                triggers:
                  schedule:
                    - cron: "0 3 * * *"
                      timezone: Europe/Paris
                      concurrency: skip
                steps:
                  - {id: a, type: log, message: hi}
                """);
        JsonNode items = http.get("/api/v1/schedules?workflowId=nightly").json().path("items");
        assertThat(items).hasSize(1);
        JsonNode s = items.get(0);
        assertThat(s.path("id").asText()).isEqualTo("ops:nightly:0");
        assertThat(s.path("nextFireAt").asText()).matches(".*T03:00:00\\+0[12]:00");
        assertThat(s.path("misfire").asText()).isEqualTo("once");
        assertThat(s.path("concurrency").asText()).isEqualTo("skip");
        assertThat(s.path("paused").asBoolean()).isFalse();
        // The next slot's run exists already, waiting on the engine's timer; run lists leave it out.
        JsonNode upcoming = http.get("/api/v1/executions/" + s.path("nextActivityId").asText()).json();
        assertThat(upcoming.path("status").asText()).isEqualTo("waiting");
        assertThat(scheduleRuns("nightly")).isEmpty();

        Http.Reply paused = http.postJson("/api/v1/schedules/ops:nightly:0/pause", Map.of());
        assertThat(paused.status()).as(paused.toString()).isEqualTo(200);
        assertThat(paused.json().path("paused").asBoolean()).isTrue();
        Http.Reply resumed = http.postJson("/api/v1/schedules/ops:nightly:0/resume", Map.of());
        assertThat(resumed.json().path("paused").asBoolean()).isFalse();

        Http.Reply back = http.postJson("/api/v1/schedules/ops:nightly:0/backfill",
                Map.of("from", "2026-01-01T00:00:00Z", "to", "2026-01-03T23:59:59Z"));
        assertThat(back.status()).as(back.toString()).isEqualTo(200);
        assertThat(back.json().path("started").asInt()).isEqualTo(3);
        Http.Reply again = http.postJson("/api/v1/schedules/ops:nightly:0/backfill",
                Map.of("from", "2026-01-02T00:00:00Z", "to", "2026-01-04T23:59:59Z"));
        assertThat(again.json().path("started").asInt()).isEqualTo(1);
        assertThat(again.json().path("alreadyFired").asInt()).isEqualTo(2);
        assertThat(scheduleRuns("nightly")).hasSize(4);

        assertThat(http.postJson("/api/v1/schedules/ops:nope:0/pause", Map.of()).status()).isEqualTo(404);
        assertThat(http.postJson("/api/v1/schedules/ops:nightly:0/backfill", Map.of("from", "2026-01-02T00:00:00Z"))
                .status()).isEqualTo(400);
    }

    @Test
    void schedules_are_scoped_to_the_key_teams_and_pausing_needs_the_operator_role() {
        apply("""
                id: payroll
                team: finance
                triggers:
                  schedule:
                    - cron: "0 6 1 * *"
                steps:
                  - {id: a, type: log, message: hi}
                """);
        Http outsider = keyed("outsider", "operator", List.of("sales"));
        assertThat(outsider.get("/api/v1/schedules?workflowId=payroll").json().path("items")).isEmpty();
        assertThat(outsider.get("/api/v1/schedules/finance:payroll:0").status()).isEqualTo(404);
        assertThat(outsider.postJson("/api/v1/schedules/finance:payroll:0/pause", Map.of()).status()).isEqualTo(404);
        Http viewer = keyed("finance-viewer", "viewer", List.of("finance"));
        assertThat(viewer.get("/api/v1/schedules/finance:payroll:0").json().path("cron").asText())
                .isEqualTo("0 6 1 * *");
        assertThat(viewer.postJson("/api/v1/schedules/finance:payroll:0/pause", Map.of()).status()).isEqualTo(403);
        assertThat(http.get("/api/v1/schedules/finance:payroll:0").json().path("paused").asBoolean()).isFalse();
    }

    Http keyed(String name, String role, List<String> teams) {
        Http.Reply created = http.postJson("/api/v1/keys", Map.of("name", name, "role", role, "teams", teams));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return http.withKey(created.json().get("key").asText());
    }

    @Test
    void metrics_count_schedule_lateness_and_slots_skipped_by_policy() {
        apply("""
                id: metered
                triggers:
                  schedule:
                    - cron: "* * * * * *"
                      concurrency: skip
                steps:
                  - {id: nap, type: sleep, duration: PT1H}
                """);
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            String metrics = http.get("/metrics").raw().body();
            return metrics.contains("flowgate_schedule_lateness_seconds_count")
                    && metrics.lines().anyMatch(l -> l.startsWith("flowgate_schedule_slots_missed_total{")
                            && l.contains("reason=\"concurrency\""));
        });
        JsonNode s = http.get("/api/v1/schedules/default:metered:0").json();
        assertThat(s.path("skipped").asLong()).isPositive();
        assertThat(s.path("fired").asLong()).isEqualTo(1);
        apply("id: metered\nsteps:\n  - {id: a, type: log, message: hi}\n");
        http.postJson("/api/v1/executions/" + s.path("lastActivityId").asText() + "/cancel", Map.of());
    }
}
