package io.flowgate.delivery;

import io.flowgate.core.OutboundPolicy;
import io.flowgate.engine.worker.OutboundMessages;
import io.flowgate.secrets.SecretCipher;
import io.flowgate.store.DeliveryStatus;
import io.flowgate.store.DeliveryStore;
import io.flowgate.store.jdbc.Database;
import io.flowgate.store.jdbc.JdbcDeliveryStore;
import io.flowgate.store.jdbc.JdbcSigningSecretStore;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Not a test: the outbound webhook benchmark (bench/deliveries.sh runs it). Seeds pending deliveries
 * in a SQLite file (synchronous=FULL) or PostgreSQL, starts a {@link DeliveryWorker}, and prints
 * deliveries/s to local receivers that answer 200 at once — first alone, then while one more
 * endpoint hangs 10 s on every request.
 * Args: [deliveries] [jdbcUrl]; default 20000 and a temp SQLite file.
 */
public final class DeliveryThroughput {
    private static final String INSERT = """
            INSERT INTO deliveries (id, team, workflow_id, execution_id, step_id, name, event, url, endpoint, config,
                                    payload, status, attempts, round_attempts, next_attempt_at, created_at, updated_at)
            VALUES (?, 'default', 'bench', ?, 'a', NULL, 'step.completed', ?, ?, '{}', ?, 'pending', 0, 0, ?, ?, ?)""";
    private static final String PAYLOAD = "{\"event\":\"step.completed\",\"executionId\":\"e\",\"workflowId\":\"bench\","
            + "\"revision\":1,\"step\":{\"id\":\"a\",\"name\":\"a\",\"status\":\"completed\",\"outputs\":{\"n\":1}}}";

    private DeliveryThroughput() {}

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Path dir = Files.createTempDirectory("flowgate-deliv-bench");
        String url = args.length > 1 ? args[1] : "jdbc:sqlite:" + dir.resolve("bench.db");
        System.out.printf("# %d cores, %s, %d deliveries per run%n", Runtime.getRuntime().availableProcessors(),
                url.startsWith("jdbc:sqlite") ? "SQLite (synchronous=FULL)" : "PostgreSQL", total);
        try (Database db = Database.open(url);
             BenchReceiver fast = new BenchReceiver(0);
             BenchReceiver hanging = new BenchReceiver(10_000)) {
            run(db, "warmup", total / 2, List.of(fast.url("/ok")), null); // JIT: not counted
            double alone = run(db, "alone", total, List.of(fast.url("/ok")), null);
            double withHang = run(db, "hang", total, List.of(fast.url("/ok")), hanging.url("/hang"));
            System.out.printf("one endpoint answering 200 at once: %.0f deliveries/s%n", alone);
            System.out.printf("same, while another endpoint hangs 10 s per request: %.0f deliveries/s (%.0f%% of alone)%n",
                    withHang, 100 * withHang / alone);
        }
    }

    /** Seeds {@code total} deliveries (plus 500 to the hanging endpoint), sends them, returns fast deliveries/s. */
    private static double run(Database db, String tag, int total, List<String> fastUrls, String hangUrl)
            throws Exception {
        Instant now = Instant.now();
        List<Object[]> rows = new ArrayList<>();
        if (hangUrl != null) {
            for (int i = 0; i < 500; i++) {
                rows.add(row(tag + "h" + i, hangUrl, now));
            }
        }
        for (int i = 0; i < total; i++) {
            rows.add(row(tag + i, fastUrls.get(i % fastUrls.size()), now));
        }
        for (int from = 0; from < rows.size(); from += 5000) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + 5000));
            db.writes().write(tx -> {
                tx.batch(INSERT, chunk);
                return null;
            });
        }
        DeliveryStore store = new JdbcDeliveryStore(db);
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        SigningSecrets signing = new SigningSecrets(new JdbcSigningSecretStore(db), new SecretCipher(new byte[32]),
                Clock.systemUTC());
        DeliverySettings settings = DeliverySettings.defaults(new io.flowgate.core.LeaseOwner("bench-" + tag, 1));
        DeliveryWorker worker = new DeliveryWorker(store, signing, http, new OutboundPolicy(List.of("127.0.0.0/8")),
                Map::of, Clock.systemUTC(), settings);
        long t0 = System.nanoTime();
        worker.start();
        String fastEndpoint = OutboundMessages.endpoint(fastUrls.getFirst());
        while (true) {
            long delivered = store.list(new DeliveryStore.Query(null, null, "bench", DeliveryStatus.PENDING, 1000))
                    .stream().filter(d -> d.endpoint().equals(fastEndpoint)).count();
            if (delivered == 0) {
                break;
            }
            Thread.sleep(20); // a benchmark polling its own progress, not a test
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        worker.close();
        double latency = db.reads().queryOne("SELECT AVG(latency_ms) AS l FROM delivery_attempts a JOIN deliveries d "
                + "ON d.id = a.delivery_id WHERE d.endpoint = ?", r -> r.longValue("l"), fastEndpoint).orElse(0L);
        System.out.printf("  %s: %d deliveries in %.1f s, mean attempt latency %.1f ms%n", tag, total, seconds, latency);
        return total / seconds;
    }

    private static Object[] row(String n, String url, Instant now) {
        return new Object[] {OutboundMessages.id(now) + n, "e" + n, url, OutboundMessages.endpoint(url), PAYLOAD, now, now, now};
    }
}
