package io.flowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.it.Http;
import io.flowgate.it.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Broker connections and event sources through the API and the CLI, on SQLite: credentials never come back,
 * bad input is a 4xx with a reason, roles, the connection test, and the CLI's create / list / test / delete.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokerCommandsTest {
    static final String PASSWORD = "s3cr3t-Pa55word";
    Path dir;
    TestServer server;
    Http http;
    Map<String, String> env;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("flowgate-brokers-cli");
        server = TestServer.sqlite(dir);
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

    @Test
    void a_password_in_the_url_or_the_body_is_stored_but_never_returned() {
        Http.Reply created = http.postJson("/api/v1/connections", Map.of("name", "rabbit-url", "kind", "amqp",
                "url", "amqp://guest:" + PASSWORD + "@127.0.0.1:5672/%2F"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("url").asText()).isEqualTo("amqp://127.0.0.1:5672/%2F");
        assertThat(created.json().path("hasCredentials").asBoolean()).isTrue();
        Http.Reply body = http.postJson("/api/v1/connections", Map.of("name", "nats-body", "kind", "nats",
                "url", "nats://127.0.0.1:4222", "username", "svc", "password", PASSWORD));
        assertThat(body.status()).isEqualTo(201);
        for (String path : new String[] {"/api/v1/connections", "/api/v1/connections/rabbit-url",
                "/api/v1/connections/nats-body"}) {
            String text = http.get(path).raw().body();
            assertThat(text).doesNotContain(PASSWORD).doesNotContain("guest").doesNotContain("svc");
        }
        assertThat(created.raw().body()).doesNotContain(PASSWORD);
        Http.Reply replaced = http.postJson("/api/v1/connections", Map.of("name", "nats-body", "kind", "nats",
                "url", "nats://127.0.0.1:4222"));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().path("hasCredentials").asBoolean()).isFalse();
    }

    @Test
    void bad_connections_are_refused_with_a_reason() {
        assertBad(Map.of("name", "x", "kind", "kafka", "url", "nats://h"), "kind");
        assertBad(Map.of("name", "x", "kind", "nats", "url", "http://h:4222"), "nats://");
        assertBad(Map.of("name", "x", "kind", "mqtt", "url", "mqtt://"), "url");
        assertBad(Map.of("name", "Not A Name", "kind", "nats", "url", "nats://h"), "name");
        assertBad(Map.of("kind", "nats", "url", "nats://h"), "name");
        assertBad(Map.of("name", "x", "kind", "nats"), "url");
        assertThat(http.post("/api/v1/connections", "application/json", "{nope").status()).isEqualTo(400);
        assertThat(http.get("/api/v1/connections/none").status()).isEqualTo(404);
        assertThat(http.delete("/api/v1/connections/none").status()).isEqualTo(404);
        assertThat(http.postJson("/api/v1/connections/none/test", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void a_test_says_why_a_connection_fails() {
        http.postJson("/api/v1/connections", Map.of("name", "closed-port", "kind", "amqp",
                "url", "amqp://127.0.0.1:1/", "password", PASSWORD));
        Http.Reply r = http.postJson("/api/v1/connections/closed-port/test", Map.of());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("ok").asBoolean()).isFalse();
        assertThat(r.json().path("error").asText()).containsIgnoringCase("refused").doesNotContain(PASSWORD);
        http.postJson("/api/v1/connections", Map.of("name", "real-nats", "kind", "nats",
                "url", "nats://127.0.0.1:4222"));
        assertThat(http.postJson("/api/v1/connections/real-nats/test", Map.of()).json().path("ok").asBoolean())
                .isTrue();
    }

    @Test
    void a_viewer_reads_but_only_an_admin_writes() {
        String viewer = http.postJson("/api/v1/keys", Map.of("name", "looker", "role", "viewer")).json()
                .path("key").asText();
        String operator = http.postJson("/api/v1/keys", Map.of("name", "runner", "role", "operator")).json()
                .path("key").asText();
        Http asViewer = http.withKey(viewer);
        assertThat(asViewer.get("/api/v1/connections").status()).isEqualTo(200);
        assertThat(asViewer.get("/api/v1/event-sources").status()).isEqualTo(200);
        assertThat(asViewer.postJson("/api/v1/connections", Map.of("name", "v", "kind", "nats",
                "url", "nats://h")).status()).isEqualTo(403);
        assertThat(http.withKey(operator).postJson("/api/v1/event-sources", Map.of()).status()).isEqualTo(403);
        assertThat(http.withKey(operator).delete("/api/v1/connections/real-nats").status()).isEqualTo(403);
    }

    @Test
    void sources_are_checked_against_their_connection_and_hold_it() {
        http.postJson("/api/v1/connections", Map.of("name", "held", "kind", "nats", "url", "nats://127.0.0.1:4222"));
        Http.Reply bad = http.postJson("/api/v1/event-sources", Map.of("name", "s1", "connection", "held",
                "nats", Map.of("subject", "a.>"), "event", Map.of("type", "x.*")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("problems").toString()).contains("nats.stream").contains("event.type");
        assertThat(http.postJson("/api/v1/event-sources", Map.of("name", "s1", "connection", "nope",
                "nats", Map.of("stream", "S", "subject", "a.>"))).json().path("code").asText())
                .isEqualTo("unknown_connection");
        assertThat(http.postJson("/api/v1/event-sources", Map.of("name", "s1", "connection", "held",
                "amqp", Map.of("queue", "q"))).status()).isEqualTo(400);
        Http.Reply ok = http.postJson("/api/v1/event-sources", Map.of("name", "s1", "connection", "held",
                "nats", Map.of("stream", "FG_NOT_THERE", "subject", "a.>")));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
        assertThat(ok.json().path("nats").path("durable").asText()).isEqualTo("flowgate-s1");
        Http.Reply inUse = http.delete("/api/v1/connections/held");
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.json().path("sources").toString()).contains("s1");
        assertThat(http.delete("/api/v1/event-sources/s1").status()).isEqualTo(204);
        assertThat(http.delete("/api/v1/connections/held").status()).isEqualTo(204);
    }

    @Test
    void the_cli_creates_lists_tests_and_deletes_connections_and_sources() throws Exception {
        Path pw = dir.resolve("pw.txt");
        Files.writeString(pw, PASSWORD + "\n");
        CliRun create = CliRun.run(env, "connection", "create", "cli-nats", "--kind", "nats", "--url",
                "nats://127.0.0.1:4222", "--username", "u", "--password-file", pw.toString());
        assertThat(create.exit()).as(create.toString()).isZero();
        assertThat(create.out()).contains("saved connection cli-nats").doesNotContain(PASSWORD);
        CliRun list = CliRun.run(env, "connection", "list");
        assertThat(list.out()).contains("cli-nats").contains("nats://127.0.0.1:4222").doesNotContain(PASSWORD);
        CliRun json = CliRun.run(env, "--output", "json", "connection", "list");
        assertThat(json.out()).contains("\"cli-nats\"").doesNotContain(PASSWORD);
        CliRun test = CliRun.run(env, "connection", "test", "cli-nats");
        assertThat(test.exit()).as(test.toString()).isZero();
        assertThat(test.out()).contains("ok");
        CliRun.run(env, "connection", "create", "cli-dead", "--kind", "mqtt", "--url", "mqtt://127.0.0.1:1");
        CliRun failed = CliRun.run(env, "connection", "test", "cli-dead");
        assertThat(failed.exit()).isEqualTo(FlowgateCli.EXIT_FAILURE);
        assertThat(failed.out()).contains("failed");

        CliRun source = CliRun.run(env, "source", "create", "cli-src", "--connection", "cli-nats", "--stream",
                "FG_CLI_NONE", "--subject", "cli.>", "--type", "com.acme.cli.msg");
        assertThat(source.exit()).as(source.toString()).isZero();
        CliRun sources = CliRun.run(env, "source", "list");
        assertThat(sources.out()).contains("cli-src").contains("cli-nats");
        JsonNode listed = io.flowgate.core.Json.read(CliRun.run(env, "--output", "json", "source", "list").out());
        assertThat(listed.path("items").get(0).path("event").path("type").asText()).isEqualTo("com.acme.cli.msg");
        CliRun usage = CliRun.run(env, "source", "create", "x", "--connection", "cli-nats");
        assertThat(usage.exit()).isEqualTo(FlowgateCli.EXIT_USAGE);
        assertThat(CliRun.run(env, "source", "delete", "cli-src").exit()).isZero();
        assertThat(CliRun.run(env, "connection", "delete", "cli-nats").exit()).isZero();
        assertThat(CliRun.run(env, "connection", "delete", "cli-nats").exit()).isNotZero();
    }

    private void assertBad(Map<String, String> body, String mentions) {
        Http.Reply r = http.postJson("/api/v1/connections", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().path("code").asText()).isEqualTo("invalid_connection");
        assertThat(r.json().path("msg").asText()).contains(mentions);
    }
}
