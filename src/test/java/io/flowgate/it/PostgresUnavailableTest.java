package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowgate.App;
import io.flowgate.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC section 7: while the node cannot write, it answers {@code 503} with {@code Retry-After}, never
 * {@code 500}, keeps nothing of the refused request, and takes requests again by itself once the
 * database is back. The database is cut off for real: new connections refused, open ones terminated.
 */
class PostgresUnavailableTest {
    @TempDir
    Path dir;

    @Test
    void a_node_whose_database_is_cut_off_answers_503_and_recovers_by_itself() throws Exception {
        String db = PostgresDatabases.create("flowgate_down");
        try {
            Config config = TestServer.config(dir).withDb(PostgresDatabases.url(db));
            try (App app = App.start(config, Map.of())) {
                Http http = new Http(app.url(), app.adminKey());
                assertThat(http.postYaml("/api/v1/workflows", """
                        id: down
                        steps:
                          - {id: hello, type: log, message: hi}
                        """).status()).isEqualTo(201);

                cutOff(db);
                Http.Reply refused = http.postJson("/api/v1/workflows/down/executions", Map.of());
                assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
                assertThat(refused.header("Retry-After")).isEqualTo("1");
                assertThat(refused.json().path("code").asText()).isEqualTo("store_unavailable");
                assertThat(refused.json().path("msg").asText()).contains("Retry");
                Http.Reply read = http.get("/api/v1/executions?workflowId=down");
                assertThat(read.status()).as(read.toString()).isEqualTo(503);

                PostgresDatabases.run("ALTER DATABASE " + db + " ALLOW_CONNECTIONS true");
                // Reconnects by itself: no restart, the first requests after the outage may still meet it.
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        http.postJson("/api/v1/workflows/down/executions", Map.of()).status() == 202);
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        http.get("/api/v1/executions?workflowId=down&status=completed").json().path("items").size() == 1);
                assertThat(http.get("/api/v1/executions?workflowId=down").json().path("items").size())
                        .as("the refused start left nothing behind").isEqualTo(1);
            }
        } finally {
            PostgresDatabases.run("ALTER DATABASE " + db + " ALLOW_CONNECTIONS true");
            PostgresDatabases.drop(db);
        }
    }

    /** No new connections, and the node's open ones ended: as seen from the node, the database is down. */
    private static void cutOff(String db) {
        PostgresDatabases.run("ALTER DATABASE " + db + " ALLOW_CONNECTIONS false");
        PostgresDatabases.run("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db + "'");
    }
}
