package io.flowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessAndServeTest {
    @TempDir
    Path dir;

    @Test
    void a_server_that_is_not_running_gets_a_one_line_hint() throws IOException {
        String url;
        try (FakeServer stopped = new FakeServer()) {
            url = stopped.url();
        }

        CliRun run = CliRun.run(Map.of("FLOWGATE_API_KEY", "k"), "workflows", "--server", url);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: cannot reach Flowgate at " + url
                + " — is it running? (./flowgate serve)\n");
    }

    @Test
    void a_refused_key_names_where_the_key_came_from() throws IOException {
        try (FakeServer server = new FakeServer()) {
            server.on("GET /api/v1/workflows", 401, "{\"code\":\"unauthorized\",\"msg\":\"Missing or invalid API key.\"}");

            CliRun run = CliRun.run(Map.of(), "workflows", "--server", server.url(), "--api-key", "wrong");

            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err()).isEqualTo("error: the API key was refused (Missing or invalid API key; key from --api-key)\n");
        }
    }

    @Test
    void the_key_is_read_from_admin_key_in_the_data_directory() throws IOException {
        Files.writeString(dir.resolve("admin.key"), "fg_admin_123\n");
        try (FakeServer server = new FakeServer()) {
            server.on("GET /api/v1/secrets", 200, "{\"items\":[{\"name\":\"HOOK_PW\",\"createdAt\":\"2026-05-01T10:00:00.000+0000\","
                    + "\"updatedAt\":\"2026-05-01T10:00:00.000+0000\"}]}");

            CliRun viaFlag = CliRun.run(Map.of("FLOWGATE_SERVER", server.url()), "secrets", "--data", dir.toString());
            CliRun viaEnv = CliRun.run(Map.of("FLOWGATE_SERVER", server.url(), "FLOWGATE_DATA", dir.toString()), "secrets");

            assertThat(viaFlag.exit()).isZero();
            assertThat(viaFlag.out()).isEqualTo("NAME     CREATED              UPDATED\n"
                    + "HOOK_PW  2026-05-01 10:00:00  2026-05-01 10:00:00\n");
            assertThat(viaEnv.exit()).isZero();
            assertThat(server.requests).extracting(FakeServer.Request::authorization)
                    .containsExactly("Bearer fg_admin_123", "Bearer fg_admin_123");
        }
    }

    @Test
    void a_missing_key_file_says_how_to_give_a_key() {
        CliRun run = CliRun.run(Map.of(), "workflows", "--data", dir.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: no API key: pass --api-key, set FLOWGATE_API_KEY, or run this where "
                + "./flowgate serve created " + dir.resolve("admin.key"));
    }

    @Test
    void keys_create_sends_role_and_teams_and_shows_the_key_once() throws IOException {
        try (FakeServer server = new FakeServer()) {
            server.on("POST /api/v1/keys", 201, "{\"id\":\"k7\",\"name\":\"ci\",\"role\":\"operator\",\"teams\":[\"sales\"],"
                    + "\"key\":\"fg_secret\",\"prefix\":\"fg_sec\",\"createdAt\":\"2026-05-01T10:00:00.000+0000\"}");
            server.on("DELETE /api/v1/keys/k7", 204, "");

            CliRun create = CliRun.run(Map.of("FLOWGATE_API_KEY", "a"), "keys", "create", "--name", "ci",
                    "--role", "operator", "--teams", "sales", "--server", server.url());
            CliRun revoke = CliRun.run(Map.of("FLOWGATE_API_KEY", "a"), "keys", "revoke", "k7", "--server", server.url());

            assertThat(create.exit()).isZero();
            assertThat(create.out()).isEqualTo("created key k7 (operator, teams sales); it is shown only now:\nfg_secret\n");
            assertThat(server.requests.getFirst().body()).isEqualTo("{\"name\":\"ci\",\"role\":\"operator\",\"teams\":[\"sales\"]}");
            assertThat(revoke.exit()).isZero();
            assertThat(revoke.out()).isEqualTo("revoked key k7\n");
        }
    }

    @Test
    void secrets_set_reads_the_value_from_a_file_or_the_argument() throws IOException {
        Path value = Files.writeString(dir.resolve("pw"), "s3cret\n");
        try (FakeServer server = new FakeServer()) {
            server.on("POST /api/v1/secrets", 201, "{\"name\":\"HOOK_PW\",\"createdAt\":\"2026-05-01T10:00:00.000+0000\"}");
            Map<String, String> env = Map.of("FLOWGATE_API_KEY", "a", "FLOWGATE_SERVER", server.url());

            CliRun fromFile = CliRun.run(env, "secrets", "set", "HOOK_PW", "--value-file", value.toString());
            CliRun fromArg = CliRun.run(env, "secrets", "set", "HOOK_PW", "other");
            CliRun both = CliRun.run(env, "secrets", "set", "HOOK_PW", "x", "--value-file", value.toString());

            assertThat(fromFile.out()).isEqualTo("saved secret HOOK_PW\n");
            assertThat(server.requests).extracting(FakeServer.Request::body).containsExactly(
                    "{\"name\":\"HOOK_PW\",\"value\":\"s3cret\"}", "{\"name\":\"HOOK_PW\",\"value\":\"other\"}");
            assertThat(fromArg.exit()).isZero();
            assertThat(both.exit()).isEqualTo(2);
        }
    }

    @Test
    void serve_hands_the_validated_config_to_the_runner() {
        AtomicReference<Config> started = new AtomicReference<>();

        CliRun run = CliRun.run(Map.of("FLOWGATE_PORT", "9000"), false, started::set,
                "serve", "--host", "0.0.0.0", "--data", dir.toString(), "--allow-outbound", "127.0.0.0/8");

        assertThat(run.exit()).isZero();
        Config config = started.get();
        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.dataDir()).isEqualTo(dir);
        assertThat(config.allowOutbound()).isEqualTo(List.of("127.0.0.0/8"));
    }

    @Test
    void serve_with_a_bad_setting_exits_2_naming_the_flag_and_variable() {
        CliRun run = CliRun.run(Map.of(), false, c -> {
            throw new AssertionError("must not start");
        }, "serve", "--port", "x");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: --port / FLOWGATE_PORT must be 0..65535, got 'x'\n");
    }

    @Test
    void an_unknown_option_is_a_usage_error() {
        CliRun run = CliRun.run(Map.of(), "workflows", "--bogus");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option: '--bogus'");
    }

    @Test
    void version_and_help_exit_0() {
        assertThat(CliRun.run(Map.of(), "--version").out()).startsWith("flowgate ");
        CliRun help = CliRun.run(Map.of(), "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("serve", "apply", "validate", "workflows", "run", "status", "executions",
                "cancel", "retry", "keys", "secrets");
    }
}
