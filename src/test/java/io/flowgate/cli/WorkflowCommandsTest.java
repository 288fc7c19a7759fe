package io.flowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowCommandsTest {
    private static final String PROBLEMS = "{\"code\":\"invalid_workflow\",\"msg\":\"The workflow is invalid: 2 problems\","
            + "\"problems\":[{\"path\":\"steps[0].type\",\"message\":\"unknown step type 'nope'\"},"
            + "{\"path\":\"id\",\"message\":\"is required\"}]}";

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
    void apply_of_a_directory_goes_on_after_a_bad_file_prints_every_problem_and_exits_1() throws IOException {
        Files.writeString(dir.resolve("a-good.yaml"), "id: order-intake\nteam: sales\n");
        Files.writeString(dir.resolve("b-bad.yml"), "id: bad\n");
        Files.writeString(dir.resolve("c-again.json"), "{\"id\":\"billing\"}");
        Files.writeString(dir.resolve("notes.txt"), "not a workflow");
        server.on("POST /api/v1/workflows", r -> {
            if (r.body().contains("bad")) {
                return FakeServer.Answer.json(400, PROBLEMS);
            }
            return r.body().contains("billing")
                    ? FakeServer.Answer.json(200, "{\"id\":\"billing\",\"team\":\"default\",\"revision\":4}")
                    : FakeServer.Answer.json(201, "{\"id\":\"order-intake\",\"team\":\"sales\",\"revision\":1}");
        });

        CliRun run = CliRun.run(env, "apply", "-f", dir.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("created sales/order-intake revision 1\nupdated default/billing revision 4\n");
        assertThat(run.err()).isEqualTo("error: " + dir.resolve("b-bad.yml")
                + ": The workflow is invalid: 2 problems (invalid_workflow)\n"
                + "  steps[0].type: unknown step type 'nope'\n  id: is required\n");
        assertThat(server.requests).extracting(FakeServer.Request::contentType)
                .containsExactly("application/yaml", "application/yaml", "application/json");
        assertThat(server.requests).allMatch(r -> "Bearer k1".equals(r.authorization()));
    }

    @Test
    void apply_of_good_files_exits_0() throws IOException {
        Path file = Files.writeString(dir.resolve("w.yaml"), "id: order-intake\n");
        server.on("POST /api/v1/workflows", 201, "{\"id\":\"order-intake\",\"team\":\"sales\",\"revision\":1}");

        CliRun run = CliRun.run(env, "apply", "-f", file.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("created sales/order-intake revision 1\n");
    }

    @Test
    void apply_of_a_missing_path_is_a_one_line_error() {
        CliRun run = CliRun.run(env, "apply", "-f", dir.resolve("nope").toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: " + dir.resolve("nope") + " does not exist\n");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void validate_prints_valid_and_exits_0() throws IOException {
        Path file = Files.writeString(dir.resolve("w.yaml"), "id: x\n");
        server.on("POST /api/v1/workflows/validate", 200, "{\"valid\":true}");

        CliRun run = CliRun.run(env, "validate", file.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("valid\n");
        assertThat(server.requests.getFirst().body()).isEqualTo("id: x\n");
    }

    @Test
    void validate_prints_each_problem_and_exits_1_when_invalid() throws IOException {
        Path file = Files.writeString(dir.resolve("w.json"), "{}");
        server.on("POST /api/v1/workflows/validate", 200, "{\"valid\":false,\"problems\":"
                + "[{\"path\":\"id\",\"message\":\"is required\"},{\"path\":\"steps\",\"message\":\"must not be empty\"}]}");

        CliRun run = CliRun.run(env, "validate", file.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("invalid: " + file + "\n  id: is required\n  steps: must not be empty\n");
    }

    @Test
    void workflows_prints_a_table_filtered_by_team() {
        server.on("GET /api/v1/workflows", 200, "{\"items\":[{\"id\":\"order-intake\",\"team\":\"sales\","
                + "\"name\":\"Order intake\",\"revision\":3,\"createdAt\":\"2026-05-01T10:00:00.000+0000\","
                + "\"updatedAt\":\"2026-05-02T11:30:00.000+0000\"}]}");

        CliRun run = CliRun.run(env, "workflows", "--team", "sales");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("""
                TEAM   ID            NAME          REVISION  UPDATED
                sales  order-intake  Order intake  3         2026-05-02 11:30:00
                """);
        assertThat(server.requests.getFirst().query()).isEqualTo("team=sales");
    }

    @Test
    void output_json_prints_the_servers_json_pretty() {
        server.on("GET /api/v1/workflows", 200, "{\"items\":[{\"id\":\"a\",\"extra\":true}]}");

        CliRun run = CliRun.run(env, "--output", "json", "workflows");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("\"items\" : [ {", "\"extra\" : true");
    }

    @Test
    void workflows_follows_next_until_the_last_page() {
        server.on("GET /api/v1/workflows", r -> r.query() == null || !r.query().contains("cursor=")
                ? FakeServer.Answer.json(200, "{\"items\":[{\"id\":\"a\",\"team\":\"t\",\"revision\":1}],\"next\":\"1\"}")
                : FakeServer.Answer.json(200, "{\"items\":[{\"id\":\"b\",\"team\":\"t\",\"revision\":2}],\"next\":null}"));

        CliRun run = CliRun.run(env, "workflows");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("t     a", "t     b");
        assertThat(server.requests).extracting(FakeServer.Request::query).containsExactly(null, "cursor=1");
    }
}
