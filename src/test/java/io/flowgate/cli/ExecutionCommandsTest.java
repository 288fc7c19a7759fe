package io.flowgate.cli;

import static io.flowgate.cli.StatusDocs.doc;
import static io.flowgate.cli.StatusDocs.step;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutionCommandsTest {
    private static final String ID = "6650a1b2c3d4e5f601020304";

    @TempDir
    Path dir;

    FakeServer server;
    Map<String, String> env;

    @BeforeEach
    void start() throws IOException {
        server = new FakeServer();
        env = Map.of("FLOWGATE_SERVER", server.url(), "FLOWGATE_API_KEY", "k1");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void run_sends_inputs_from_data_and_input_flags_and_prints_the_activity_id() throws IOException {
        Path data = Files.writeString(dir.resolve("in.json"), "{\"region\":\"eu\",\"count\":2}");
        server.on("POST /api/v1/workflows/order-intake/executions", 202, "{\"activityId\":\"" + ID + "\"}");

        CliRun run = CliRun.run(env, "run", "order-intake", "--data", "@" + data, "--input", "region=us",
                "--team", "sales");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo(ID + "\n");
        FakeServer.Request request = server.requests.getFirst();
        assertThat(request.query()).isEqualTo("team=sales");
        assertThat(Json.read(request.body())).isEqualTo(Json.read("{\"inputs\":{\"region\":\"us\",\"count\":2}}"));
    }

    @Test
    void run_wait_follows_the_stream_to_completed_and_exits_0() {
        server.on("POST /api/v1/workflows/order-intake/executions", 202, "{\"activityId\":\"" + ID + "\"}");
        server.on("GET /api/v1/executions/" + ID + "/stream", r -> FakeServer.sse(
                doc(ID, "inProgress", 10, step(ID, "total", 1, "inProgress", 0), step(ID, "notify", 2, "notstarted", 0)),
                doc(ID, "inProgress", 40, step(ID, "total", 1, "completed", 12), step(ID, "notify", 2, "inProgress", 0)),
                doc(ID, "completed", 1250, step(ID, "total", 1, "completed", 12), step(ID, "notify", 2, "completed", 1100))));

        CliRun run = CliRun.run(env, "run", "order-intake", "--wait");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo(ID + "\n"
                + "execution " + ID + "  workflow order-intake (revision 3)  trigger manual  status inProgress  duration 10ms\n"
                + "step total inProgress\n"
                + "step total completed 12ms\n"
                + "step notify inProgress\n"
                + "step notify completed 1.1s\n"
                + "execution " + ID + " completed 1.3s\n");
    }

    @Test
    void run_wait_exits_1_when_the_execution_fails() {
        server.on("POST /api/v1/workflows/order-intake/executions", 202, "{\"activityId\":\"" + ID + "\"}");
        server.on("GET /api/v1/executions/" + ID + "/stream", r -> FakeServer.sse(
                doc(ID, "failure", 30, StatusDocs.failedStep(ID, "total", 1, "boom"))
                        .replace("\"status\":\"failure\"", "\"status\":\"failure\",\"error\":\"Step total failed\"")));

        CliRun run = CliRun.run(env, "run", "order-intake", "--wait");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("step total failure 5ms: boom\n",
                "execution " + ID + " failure 30ms: Step total failed\n");
    }

    @Test
    void status_watch_polls_when_the_stream_is_not_available() {
        AtomicInteger polls = new AtomicInteger();
        server.on("GET /api/v1/executions/" + ID + "/stream", 503, "{\"code\":\"unavailable\",\"msg\":\"Later.\"}");
        server.on("GET /api/v1/executions/" + ID, r -> FakeServer.Answer.json(200, polls.incrementAndGet() < 2
                ? doc(ID, "inProgress", 10, step(ID, "total", 1, "inProgress", 0))
                : doc(ID, "completed", 600, step(ID, "total", 1, "completed", 500))));

        CliRun run = CliRun.run(env, "status", ID, "--watch");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).endsWith("step total completed 500ms\nexecution " + ID + " completed 600ms\n");
        assertThat(polls).hasValue(2);
    }

    @Test
    void status_watch_on_a_terminal_redraws_the_table_in_place() {
        server.on("GET /api/v1/executions/" + ID + "/stream", r -> FakeServer.sse(
                doc(ID, "inProgress", 10, step(ID, "total", 1, "inProgress", 0)),
                doc(ID, "completed", 20, step(ID, "total", 1, "completed", 15))));

        CliRun run = CliRun.run(env, true, c -> { }, "status", ID, "--watch");

        assertThat(run.exit()).isZero();
        // header + table header + one step = 3 lines drawn, then the cursor goes back up over them
        assertThat(run.out()).contains("\033[3F\033[J").endsWith("1      total  completed  15ms\n");
    }

    @Test
    void status_prints_the_step_table() {
        server.on("GET /api/v1/executions/" + ID, 200, doc(ID, "inProgress", 2500,
                step(ID, "total", 1, "completed", 12), step(ID, "notify", 2, "inProgress", 2300),
                step(ID, "pause", 3, "notstarted", 0)));

        CliRun run = CliRun.run(env, "status", ID);

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("execution " + ID
                + "  workflow order-intake (revision 3)  trigger manual  status inProgress  duration 2.5s\n"
                + "ORDER  STEP    STATUS      DURATION\n"
                + "1      total   completed   12ms\n"
                + "2      notify  inProgress  2.3s\n"
                + "3      pause   notstarted  -\n");
    }

    @Test
    void status_of_an_unknown_execution_prints_the_servers_error() {
        server.on("GET /api/v1/executions/nope", 404,
                "{\"code\":\"execution_not_found\",\"msg\":\"Execution 'nope' was not found\"}");

        CliRun run = CliRun.run(env, "status", "nope");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: Execution 'nope' was not found (execution_not_found)\n");
    }

    @Test
    void executions_passes_filters_and_prints_a_table() {
        server.on("GET /api/v1/executions", 200, "{\"items\":[" + doc(ID, "completed", 45977) + "],\"next\":null}");

        CliRun run = CliRun.run(env, "executions", "--workflow", "order-intake", "--status", "completed", "--limit", "5");

        assertThat(run.exit()).isZero();
        assertThat(server.requests.getFirst().query()).isEqualTo("workflowId=order-intake&status=completed&limit=5");
        assertThat(run.out()).isEqualTo("""
                ID                        WORKFLOW      REVISION  STATUS     TRIGGER  CREATED              DURATION
                %s  order-intake  3         completed  manual   2026-05-01 10:00:00  46.0s
                """.formatted(ID));
    }

    @Test
    void cancel_and_retry_post_to_the_execution() {
        server.on("POST /api/v1/executions/" + ID + "/cancel", 200, doc(ID, "cancelled", 5));
        server.on("POST /api/v1/executions/" + ID + "/retry", 202, doc(ID, "inProgress", 5));

        CliRun cancel = CliRun.run(env, "cancel", ID);
        CliRun retry = CliRun.run(env, "retry", ID, "--step", "notify");

        assertThat(cancel.out()).isEqualTo("execution " + ID + " cancelled\n");
        assertThat(retry.out()).isEqualTo("retrying execution " + ID + " from step notify: inProgress\n");
        assertThat(server.requests.get(1).body()).isEqualTo("{\"stepId\":\"notify\"}");
    }

    @Test
    void cancel_of_a_finished_execution_exits_1_with_the_conflict() {
        server.on("POST /api/v1/executions/" + ID + "/cancel", 409,
                "{\"code\":\"execution_finished\",\"msg\":\"The execution has already ended.\"}");

        CliRun run = CliRun.run(env, "cancel", ID);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: The execution has already ended. (execution_finished)\n");
    }
}
