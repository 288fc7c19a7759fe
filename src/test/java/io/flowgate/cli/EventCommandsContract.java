package io.flowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.it.Http;
import io.flowgate.it.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code event send} and {@code approve|reject} against a real server; run on SQLite and PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EventCommandsContract {
    Path dir;
    TestServer server;
    Http http;
    Map<String, String> env;

    abstract TestServer startServer(Path dir) throws Exception;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("flowgate-events-cli");
        server = startServer(dir);
        http = server.http();
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

    String status(String id) {
        return http.get("/api/v1/executions/" + id).json().path("status").asText();
    }

    String startRun(String workflowId) {
        Http.Reply r = http.postJson("/api/v1/workflows/" + workflowId + "/executions", "{}");
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        return r.json().path("activityId").asText();
    }

    @Test
    void event_send_delivers_data_inline_and_from_a_file_to_a_triggered_workflow() throws Exception {
        assertThat(http.postYaml("/api/v1/workflows", """
                id: cli-events
                triggers:
                  events: [{type: com.acme.cli}]
                steps:
                  - {id: read, type: transform, output: '{"n": trigger.event.data.n, "s": trigger.event.subject}'}
                """).status()).isIn(200, 201);
        CliRun inline = CliRun.run(env, "event", "send", "--type", "com.acme.cli", "--subject", "one", "--data",
                "{\"n\": 1}");
        assertThat(inline.exit()).as(inline.err()).isZero();
        assertThat(inline.out()).contains("sent event");
        Path file = dir.resolve("event.json");
        Files.writeString(file, "{\"n\": 2}");
        CliRun fromFile = CliRun.run(env, "event", "send", "--type", "com.acme.cli", "--data", "@" + file,
                "--output", "json");
        assertThat(fromFile.exit()).as(fromFile.err()).isZero();
        assertThat(fromFile.out()).contains("\"accepted\"");
        await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/api/v1/executions?workflowId=cli-events")
                .json().path("items").size() == 2);
        CliRun bad = CliRun.run(env, "event", "send", "--type", "com.acme.cli", "--data", "{nope");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("--data");
        CliRun noType = CliRun.run(env, "event", "send");
        assertThat(noType.exit()).isNotZero();
    }

    @Test
    void approve_and_reject_decide_a_waiting_step_and_refuse_a_key_not_among_the_approvers() {
        assertThat(http.postYaml("/api/v1/workflows", """
                id: cli-approval
                steps:
                  - {id: sign, type: approval, approvers: [admin]}
                  - {id: after, type: transform, output: '{"d": steps.sign.outputs.decision}'}
                """).status()).isIn(200, 201);
        String approved = startRun("cli-approval");
        String rejected = startRun("cli-approval");
        String refused = startRun("cli-approval");
        await().atMost(Duration.ofSeconds(60)).until(() -> status(approved).equals("waiting")
                && status(rejected).equals("waiting") && status(refused).equals("waiting"));
        CliRun yes = CliRun.run(env, "approve", approved, "sign", "--comment", "fine");
        assertThat(yes.exit()).as(yes.err()).isZero();
        assertThat(yes.out()).contains("approved");
        CliRun twice = CliRun.run(env, "reject", approved, "sign");
        assertThat(twice.exit()).isNotZero();
        assertThat(twice.err()).contains("already");
        CliRun no = CliRun.run(env, "reject", rejected, "sign", "--output", "json");
        assertThat(no.exit()).as(no.err()).isZero();
        assertThat(no.out()).contains("\"rejected\"");
        JsonNode operator = http.postJson("/api/v1/keys", "{\"name\": \"op\", \"role\": \"operator\"}").json();
        Map<String, String> opEnv = new HashMap<>(env);
        opEnv.put("FLOWGATE_API_KEY", operator.path("key").asText());
        CliRun notListed = CliRun.run(opEnv, "approve", refused, "sign");
        assertThat(notListed.exit()).isNotZero();
        assertThat(notListed.err()).contains("admin");
        await().atMost(Duration.ofSeconds(60)).until(() -> status(approved).equals("completed")
                && status(rejected).equals("failure"));
        assertThat(status(refused)).isEqualTo("waiting");
    }
}
