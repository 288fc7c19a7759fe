package io.flowgate.store.jdbc;

import io.flowgate.core.Ids;
import io.flowgate.core.Json;
import io.flowgate.core.TriggerKind;
import io.flowgate.engine.Execution;
import io.flowgate.engine.ExecutionStatus;
import io.flowgate.engine.StepRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: prints how many executions per second 64 virtual threads can insert (each with
 * 3 step rows, each durable on return) into a SQLite file with {@code synchronous=FULL}.
 * Run: {@code mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt}, then
 * {@code java --enable-native-access=ALL-UNNAMED -cp target/test-classes:target/classes:$(cat cp.txt)
 * io.flowgate.store.jdbc.SqliteInsertThroughput [threads] [executions]}.
 */
public final class SqliteInsertThroughput {
    private SqliteInsertThroughput() {}

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int total = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        Path dir = Files.createTempDirectory("flowgate-throughput");
        AtomicLong batches = new AtomicLong();
        try (Database db = Database.open(Database.Settings.of("jdbc:sqlite:" + dir.resolve("flowgate.db"))
                .withListener((units, nanos) -> batches.incrementAndGet()))) {
            JdbcExecutionStore store = new JdbcExecutionStore(db);
            Clock clock = Clock.systemUTC();
            AtomicLong next = new AtomicLong();
            long start = System.nanoTime();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> workers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    workers.add(pool.submit(() -> {
                        while (next.getAndIncrement() < total) {
                            String id = Ids.timeOrdered(clock);
                            Execution e = new Execution(id, "default", "bench", 1, TriggerKind.WEBHOOK,
                                    ExecutionStatus.NOT_STARTED, Json.read("{\"trigger\":{\"body\":{\"n\":1}}}"),
                                    clock.instant(), null, null, null, null, null, 0);
                            store.insert(e, List.of(StepRun.notStarted(id, "a", 1, "A"),
                                    StepRun.notStarted(id, "b", 2, "B"), StepRun.notStarted(id, "c", 3, "C")),
                                    null, null);
                        }
                        return null;
                    }));
                }
                for (var w : workers) {
                    w.get();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%d executions (+%d step rows) by %d virtual threads in %.2f s: %.0f executions/s, "
                            + "%d commits, %.1f executions per commit%n", total, total * 3, threads, seconds,
                    total / seconds, batches.get(), (double) total / batches.get());
        }
    }
}
