package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowgate.App;
import io.flowgate.config.Config;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, faults: PostgreSQL itself is restarted (a fast shutdown, then a start on the same port) while clients
 * start runs. Meanwhile the node answers {@code 503} with {@code Retry-After}, never {@code 500}; afterwards it
 * takes requests again by itself and every run it acknowledged completes. The server is the test's own embedded
 * PostgreSQL, so the machine's server (which other tests use) is never touched.
 */
class PostgresRestartTest {
    static final int CLIENTS = 4;

    @TempDir
    Path dir;

    @Test
    void the_database_restarted_under_load_costs_503s_and_nothing_acknowledged() throws Exception {
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.startPrivate();
        try {
            try (Connection c = DriverManager.getConnection(pg.adminUrl()); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE flowgate");
            }
            Config config = TestServer.config(dir).withDb(pg.url("flowgate"));
            try (App app = App.start(config, TestServer.CLUSTER_ENV)) {
                Http http = new Http(app.url(), app.adminKey());
                assertThat(http.postYaml("/api/v1/workflows", """
                        id: restart
                        steps:
                          - {id: nap, type: sleep, duration: PT0.2S}
                          - {id: done, type: log, message: done}
                        """).status()).isEqualTo(201);
                Set<String> acknowledged = ConcurrentHashMap.newKeySet();
                List<Integer> statuses = new CopyOnWriteArrayList<>();
                AtomicBoolean loading = new AtomicBoolean(true);
                try (ExecutorService load = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int i = 0; i < CLIENTS; i++) {
                        load.submit(() -> {
                            while (loading.get()) {
                                Http.Reply r = http.postJson("/api/v1/workflows/restart/executions", Map.of());
                                statuses.add(r.status());
                                if (r.status() == 202) {
                                    acknowledged.add(r.json().path("activityId").asText());
                                } else if (r.status() == 503) {
                                    assertThat(r.header("Retry-After")).isEqualTo("1");
                                    Thread.sleep(100);
                                }
                            }
                            return null;
                        });
                    }
                    await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 50);
                    pg.stop();
                    await().atMost(Duration.ofSeconds(60)).until(() -> statuses.contains(503));
                    Http.Reply ready = http.get("/readyz");
                    assertThat(ready.status()).as("/readyz while the database is down: " + ready).isEqualTo(503);
                    assertThat(ready.json().path("reason").asText()).contains("database");
                    pg.restart();
                    int before = acknowledged.size();
                    await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= before + 50);
                    loading.set(false);
                    System.out.printf("postgres restart: %d starts acknowledged, %d answered 503 while it was down; "
                                    + "/readyz during the outage: %s%n", acknowledged.size(),
                            statuses.stream().filter(s -> s == 503).count(), ready);
                }
                assertThat(statuses).as("only 202 or 503, never 500").allMatch(s -> s == 202 || s == 503);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                        acknowledged.stream().allMatch(id -> http.get("/api/v1/executions/" + id).json()
                                .path("status").asText().equals("completed")));
                await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/readyz").status() == 200);
            }
        } finally {
            pg.stopAndDelete();
        }
    }
}
