package io.flowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.core.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClusterCommandTest {
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

    String cluster(Instant beatA, Instant beatB) {
        return """
                {"nodes":[
                 {"id":"node-a","address":"http://10.0.0.1:8080","version":"0.1.0","startedAt":"2026-01-01T00:00:00Z",
                  "lastHeartbeat":"%s","alive":true,"held":{"executions":12,"timers":1,"deliveries":3}},
                 {"id":"node-b","address":"http://10.0.0.2:8080","version":"0.1.0","startedAt":"2026-01-01T00:00:00Z",
                  "lastHeartbeat":"%s","alive":false,"held":{"executions":0,"timers":0,"deliveries":0}}]}"""
                .formatted(beatA, beatB);
    }

    @Test
    void cluster_prints_one_row_per_node_with_its_heartbeat_age_and_held_work() {
        Instant now = Instant.now();
        server.on("GET /api/v1/cluster", 200, cluster(now.minusMillis(200), now.minusSeconds(3_725)));

        CliRun run = CliRun.run(env, "cluster");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines().toList()).hasSize(3);
        assertThat(run.out().lines().toList().getFirst())
                .matches("ID      ADDRESS               ALIVE  HEARTBEAT +EXECUTIONS  TIMERS  DELIVERIES");
        // Ages are read by this machine's clock while the test runs: a slow run may add a little.
        assertThat(run.out().lines().toList().get(1))
                .matches("node-a  http://10\\.0\\.0\\.1:8080  yes    \\S+ ago +12 +1 +3");
        assertThat(run.out().lines().toList().get(2))
                .matches("node-b  http://10\\.0\\.0\\.2:8080  no     1h0[23]m ago +0 +0 +0");
    }

    @Test
    void cluster_json_prints_the_servers_answer() {
        Instant beat = Instant.parse("2026-01-01T00:00:05Z");
        server.on("GET /api/v1/cluster", 200, cluster(beat, beat));

        CliRun run = CliRun.run(env, "cluster", "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Json.read(run.out())).isEqualTo(Json.read(cluster(beat, beat)));
    }

    @Test
    void cluster_ends_with_the_backlog_when_the_server_counts_it() {
        Instant now = Instant.now();
        server.on("GET /api/v1/cluster", 200, cluster(now, now).replace("{\"nodes\"", "{\"queueDepth\":1234,\"nodes\""));

        CliRun run = CliRun.run(env, "cluster");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines().toList()).hasSize(4);
        assertThat(run.out().lines().toList().getLast()).isEqualTo("queue depth: 1234 executions not yet finished");
    }

    @Test
    void status_without_an_id_prints_the_backlog_and_the_live_nodes() {
        Instant now = Instant.now();
        String answer = cluster(now, now).replace("{\"nodes\"", "{\"queueDepth\":7,\"nodes\"");
        server.on("GET /api/v1/cluster", 200, answer);

        CliRun run = CliRun.run(env, "status");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("queue depth  7 executions not yet finished (queued, running or waiting)\n"
                + "nodes        1 alive of 2 (node-a)\n");
        CliRun json = CliRun.run(env, "status", "--output", "json");
        assertThat(json.exit()).as(json.err()).isZero();
        assertThat(Json.read(json.out())).isEqualTo(Json.read(answer));
        CliRun watch = CliRun.run(env, "status", "--watch");
        assertThat(watch.exit()).isEqualTo(FlowgateCli.EXIT_USAGE);
        assertThat(watch.err()).contains("status --watch needs an execution ID");
    }

    @Test
    void an_age_that_is_not_an_instant_is_shown_as_given() {
        assertThat(ClusterCommand.age(Json.read("\"soon\""), Instant.EPOCH)).isEqualTo("soon");
        assertThat(ClusterCommand.age(null, Instant.EPOCH)).isEqualTo("-");
        assertThat(ClusterCommand.age(Json.read("\"1970-01-01T00:00:02.500Z\""), Instant.EPOCH)).isEqualTo("just now");
        assertThat(ClusterCommand.age(Json.read("\"1970-01-01T00:00:00Z\""), Instant.ofEpochMilli(2_500)))
                .isEqualTo("2.5s ago");
    }
}
