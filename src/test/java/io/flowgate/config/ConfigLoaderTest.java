package io.flowgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.flowgate.core.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private static final ConfigLoader.Flags NONE = ConfigLoader.Flags.none();

    private static ConfigLoader loader(Map<String, String> env) {
        return new ConfigLoader(env, () -> "box1");
    }

    private static ConfigLoader.Flags flags(String port, String host, String db, String publicUrl, String allow) {
        return new ConfigLoader.Flags(port, host, null, db, null, null, publicUrl, allow, null);
    }

    private static List<String> problems(Map<String, String> env, ConfigLoader.Flags flags) {
        var e = catchThrowableOfType(ConfigLoader.InvalidConfigException.class, () -> loader(env).load(flags));
        assertThat(e).as("expected the configuration to be rejected").isNotNull();
        return e.problems().stream().map(Problem::message).toList();
    }

    @Test
    void defaults_apply_when_nothing_is_set() {
        Config c = loader(Map.of()).load(NONE);

        assertThat(c.host()).isEqualTo(Config.DEFAULT_HOST);
        assertThat(c.port()).isEqualTo(Config.DEFAULT_PORT);
        assertThat(c.dataDir()).isEqualTo(Config.DEFAULT_DATA_DIR);
        assertThat(c.workflowsDir()).isEqualTo(Config.DEFAULT_WORKFLOWS_DIR);
        assertThat(c.db()).isNull();
        assertThat(c.allowOutbound()).isEmpty();
        assertThat(c.maxBodyBytes()).isEqualTo(Config.DEFAULT_MAX_BODY_BYTES);
        assertThat(c.publicUrl()).isEqualTo("http://127.0.0.1:8080");
        assertThat(c.nodeId()).isEqualTo("box1-8080");
        assertThat(c.leaseDuration()).isEqualTo(java.time.Duration.ofSeconds(15));
    }

    @Test
    void the_lease_takes_seconds_milliseconds_minutes_or_iso_8601() {
        ConfigLoader.Flags fiveSeconds = new ConfigLoader.Flags(null, null, null, null, null, null, null, null, null, "5s");
        assertThat(loader(Map.of()).load(fiveSeconds).leaseDuration()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(loader(Map.of("FLOWGATE_LEASE", "1500ms")).load(NONE).leaseDuration()).hasMillis(1500);
        assertThat(loader(Map.of("FLOWGATE_LEASE", "PT2M")).load(NONE).leaseDuration()).hasMinutes(2);
        assertThat(loader(Map.of("FLOWGATE_LEASE", "20")).load(NONE).leaseDuration()).hasSeconds(20);
        assertThat(problems(Map.of("FLOWGATE_LEASE", "100ms"), NONE)).containsExactly(
                "--lease / FLOWGATE_LEASE must be a duration from 1s to 10m such as 15s or PT15S, got '100ms'");
        assertThat(problems(Map.of("FLOWGATE_LEASE", "soon"), NONE)).hasSize(1);
        assertThat(problems(Map.of("FLOWGATE_LEASE", "1h"), NONE)).hasSize(1);
    }

    @Test
    void the_retention_defaults_to_thirty_days_and_takes_days_hours_minutes_or_iso_8601() {
        assertThat(loader(Map.of()).load(NONE).retention()).isEqualTo(java.time.Duration.ofDays(30));
        ConfigLoader.Flags week = new ConfigLoader.Flags(null, null, null, null, null, null, null, null, null, null,
                "7d");
        assertThat(loader(Map.of("FLOWGATE_RETENTION", "P1D")).load(week).retention()).hasDays(7);
        assertThat(loader(Map.of("FLOWGATE_RETENTION", "P90D")).load(NONE).retention()).hasDays(90);
        assertThat(loader(Map.of("FLOWGATE_RETENTION", "12h")).load(NONE).retention()).hasHours(12);
        assertThat(loader(Map.of("FLOWGATE_RETENTION", "PT30M")).load(NONE).retention()).hasMinutes(30);
        assertThat(problems(Map.of("FLOWGATE_RETENTION", "30s"), NONE)).containsExactly("--retention / "
                + "FLOWGATE_RETENTION must be a duration of at least 1 minute such as P30D, 30d or 12h, got '30s'");
        assertThat(problems(Map.of("FLOWGATE_RETENTION", "forever"), NONE)).hasSize(1);
        assertThat(problems(Map.of("FLOWGATE_RETENTION", "PT0S"), NONE)).hasSize(1);
    }

    @Test
    void environment_overrides_defaults_and_flags_override_environment() {
        Map<String, String> env = Map.of("FLOWGATE_PORT", "9000", "FLOWGATE_HOST", "10.0.0.5",
                "FLOWGATE_DATA", "/srv/fg", "FLOWGATE_WORKFLOWS", "/srv/wf", "FLOWGATE_NODE_ID", "env-node",
                "FLOWGATE_DB", "jdbc:postgresql://db/fg", "FLOWGATE_PUBLIC_URL", "https://env.example.org",
                "FLOWGATE_ALLOW_OUTBOUND", "10.0.0.0/8", "FLOWGATE_MAX_BODY", "2m");

        Config fromEnv = loader(env).load(NONE);
        Config fromFlags = loader(env).load(new ConfigLoader.Flags("9100", "0.0.0.0", "/tmp/d", "jdbc:sqlite:/tmp/x.db",
                "/tmp/w", "flag-node", "https://flag.example.org/", "127.0.0.1", "512k"));

        assertThat(fromEnv).isEqualTo(new Config("10.0.0.5", 9000, Path.of("/srv/fg"), "jdbc:postgresql://db/fg",
                Path.of("/srv/wf"), "env-node", "https://env.example.org", List.of("10.0.0.0/8"), 2 * 1024 * 1024,
                Config.DEFAULT_LEASE, Config.DEFAULT_WORKER_CONCURRENCY));
        assertThat(fromFlags).isEqualTo(new Config("0.0.0.0", 9100, Path.of("/tmp/d"), "jdbc:sqlite:/tmp/x.db",
                Path.of("/tmp/w"), "flag-node", "https://flag.example.org", List.of("127.0.0.1/32"), 512 * 1024,
                Config.DEFAULT_LEASE, Config.DEFAULT_WORKER_CONCURRENCY));
    }

    @Test
    void blank_environment_variables_count_as_unset() {
        Config c = loader(Map.of("FLOWGATE_PORT", " ", "FLOWGATE_DB", "")).load(NONE);

        assertThat(c.port()).isEqualTo(Config.DEFAULT_PORT);
        assertThat(c.db()).isNull();
    }

    @Test
    void rejects_a_port_that_is_not_a_number_or_out_of_range() {
        assertThat(problems(Map.of(), flags("x", null, null, null, null)))
                .containsExactly("--port / FLOWGATE_PORT must be 0..65535, got 'x'");
        assertThat(problems(Map.of("FLOWGATE_PORT", "70000"), NONE))
                .containsExactly("--port / FLOWGATE_PORT must be 0..65535, got '70000'");
    }

    @Test
    void rejects_malformed_cidrs_of_allow_outbound() {
        assertThat(problems(Map.of(), flags(null, null, null, null, "127.0.0.0/8,10.0.0.0/33,example.org,::1/129")))
                .containsExactly(
                        "--allow-outbound / FLOWGATE_ALLOW_OUTBOUND must be a comma-separated list of CIDRs like 127.0.0.0/8 or ::1/128, got '10.0.0.0/33'",
                        "--allow-outbound / FLOWGATE_ALLOW_OUTBOUND must be a comma-separated list of CIDRs like 127.0.0.0/8 or ::1/128, got 'example.org'",
                        "--allow-outbound / FLOWGATE_ALLOW_OUTBOUND must be a comma-separated list of CIDRs like 127.0.0.0/8 or ::1/128, got '::1/129'");
    }

    @Test
    void accepts_ipv4_and_ipv6_cidrs_and_bare_addresses() {
        Config c = loader(Map.of()).load(flags(null, null, null, null, " 127.0.0.0/8, ::1 ,fd00::/8,192.168.1.10"));

        assertThat(c.allowOutbound()).containsExactly("127.0.0.0/8", "::1/128", "fd00::/8", "192.168.1.10/32");
    }

    @Test
    void rejects_a_jdbc_url_of_another_database() {
        assertThat(problems(Map.of(), flags(null, null, "jdbc:mysql://db/fg", null, null)))
                .containsExactly("--db / FLOWGATE_DB must be a JDBC URL starting with jdbc:sqlite: or jdbc:postgresql:, got 'jdbc:mysql://db/fg'");
    }

    @Test
    void a_password_in_a_rejected_or_described_jdbc_url_is_masked() {
        assertThat(problems(Map.of("FLOWGATE_DB", "postgres://u:pw@db/fg?password=pw"), NONE).getFirst())
                .doesNotContain("pw@").doesNotContain("password=pw");
        Config c = loader(Map.of()).load(flags(null, null, "jdbc:postgresql://db/fg?user=u&password=hunter2", null, null));
        assertThat(ConfigLoader.describe(c)).contains("db=jdbc:postgresql://db/fg?user=u&password=***")
                .doesNotContain("hunter2");
    }

    @Test
    void rejects_a_public_url_that_is_not_http() {
        assertThat(problems(Map.of(), flags(null, null, null, "ftp://example.org", null)))
                .containsExactly("--public-url / FLOWGATE_PUBLIC_URL must be an http:// or https:// URL without query, got 'ftp://example.org'");
        assertThat(problems(Map.of(), flags(null, null, null, "not a url", null))).hasSize(1);
    }

    @Test
    void public_url_defaults_to_host_and_port_and_waits_for_the_bound_port_when_port_is_0() {
        assertThat(loader(Map.of()).load(flags("9000", "0.0.0.0", null, null, null)).publicUrl())
                .isEqualTo("http://127.0.0.1:9000");
        assertThat(loader(Map.of()).load(flags("9000", "::1", null, null, null)).publicUrl())
                .isEqualTo("http://[::1]:9000");
        assertThat(loader(Map.of()).load(flags("0", null, null, null, null)).publicUrl()).isNull();
    }

    @Test
    void rejects_bad_node_id_host_and_max_body() {
        assertThat(problems(Map.of("FLOWGATE_NODE_ID", "a b", "FLOWGATE_HOST", "my host", "FLOWGATE_MAX_BODY", "-1"), NONE))
                .containsExactly(
                        "--host / FLOWGATE_HOST must be a host name or address, got 'my host'",
                        "--node-id / FLOWGATE_NODE_ID must be 1..64 letters, digits, '.', '_' or '-', got 'a b'",
                        "--max-body / FLOWGATE_MAX_BODY must be a positive size in bytes (or with k, m, g), got '-1'");
    }

    @Test
    void reports_every_problem_at_once() {
        assertThat(problems(Map.of("FLOWGATE_PORT", "-1", "FLOWGATE_DB", "x"), flags(null, null, null, "ftp://x", "y")))
                .hasSize(4);
    }

    @Test
    void describe_is_one_line_naming_every_setting() {
        String line = ConfigLoader.describe(loader(Map.of()).load(NONE));

        assertThat(line).doesNotContain("\n").contains("host=127.0.0.1", "port=8080", "db=jdbc:sqlite:", "node=box1-",
                "publicUrl=http://127.0.0.1:8080", "allowOutbound=none", "maxBody=1048576");
    }

    @Test
    void the_real_constructor_uses_the_hostname_variable_for_the_node_id() {
        assertThat(new ConfigLoader(Map.of("HOSTNAME", "web-7")).load(NONE).nodeId()).startsWith("web-7-");
    }

    @Test
    void the_default_node_id_is_one_definition_that_loading_and_the_defaults_share() {
        String expected = DefaultNodeId.of(DefaultNodeId.localHostname(), Config.DEFAULT_PORT);
        assertThat(new ConfigLoader(Map.of()).load(NONE).nodeId()).isEqualTo(expected);
        assertThat(Config.defaults().nodeId()).isEqualTo(expected);
    }

    @Test
    void the_default_node_id_is_a_valid_name_whatever_the_host_is_called() {
        assertThat(DefaultNodeId.of("db.example.org", 8080)).isEqualTo("db.example.org-8080");
        assertThat(DefaultNodeId.of("_odd host!", 9000)).isEqualTo("node_odd-host--9000");
        assertThat(DefaultNodeId.of("x".repeat(80), 8080)).isEqualTo("x".repeat(50) + "-8080");
        assertThat(DefaultNodeId.of("box", 0)).matches("box-[a-z0-9x]{6}"); // any free port: no stable name
    }

    @Test
    void a_config_without_a_node_id_is_refused() {
        assertThatThrownBy(() -> Config.defaults().withNodeId(null)).isInstanceOf(NullPointerException.class);
    }
}
