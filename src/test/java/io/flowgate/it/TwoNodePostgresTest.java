package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowgate.App;
import io.flowgate.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one PostgreSQL database and nothing else: sleeping executions are parked unowned,
 * both nodes claim due timers with SKIP LOCKED, and every step still runs exactly once.
 */
class TwoNodePostgresTest {
    static final int EXECUTIONS = 200;

    @TempDir
    Path dir;

    @Test
    void two_nodes_share_the_work_and_no_step_runs_twice() throws Exception {
        String db = PostgresDatabases.create("flowgate_two");
        try (Receiver receiver = new Receiver()) {
            Config base = TestServer.config(dir).withDb(PostgresDatabases.url(db));
            App a = App.start(base.withNodeId("node-a").withDataDir(dir.resolve("a")), TestServer.CLUSTER_ENV);
            App b = App.start(base.withNodeId("node-b").withDataDir(dir.resolve("b")), TestServer.CLUSTER_ENV);
            try {
                Http onA = new Http(a.url(), a.adminKey());
                Http onB = new Http(b.url(), a.adminKey());
                assertThat(onA.postYaml("/api/v1/workflows", """
                        id: shared
                        steps:
                          - id: nap
                            type: sleep
                            duration: PT0.3S
                          - id: call
                            type: http
                            request: { method: POST, url: "%s" }
                        """.formatted(receiver.url("/done"))).status()).isEqualTo(201);
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < EXECUTIONS; i++) {
                    Http node = i % 2 == 0 ? onA : onB;
                    ids.add(node.postJson("/api/v1/workflows/shared/executions", Map.of()).json().get("activityId").asText());
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> receiver.calls().size() >= EXECUTIONS);
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        onB.get("/api/v1/executions?workflowId=shared&status=completed&limit=500").json().get("items").size()
                                == EXECUTIONS);
                List<String> keys = receiver.calls().stream().map(c -> c.header("Idempotency-Key")).toList();
                assertThat(new HashSet<>(keys)).hasSize(EXECUTIONS);
                assertThat(keys).hasSize(EXECUTIONS).allMatch(k -> k.endsWith(":call:1"));
                assertThat(keys.stream().map(k -> k.split(":")[0]).toList()).containsExactlyInAnyOrderElementsOf(ids);
            } finally {
                a.close();
                b.close();
            }
        } finally {
            PostgresDatabases.drop(db);
        }
    }
}
