package io.flowgate.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowgate.it.PostgresDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The lock rule of {@link GroupCommitter} on PostgreSQL: two "nodes" (two {@link Database}s, two
 * writer connections each) on one database, hammering the same rows in crossing orders, never
 * deadlock; a unit that breaks the rule is still retried, and counted; a keyless unit that would
 * wait fails instead.
 */
@Tag("pg")
class PostgresLockOrderTest {
    static final int ROWS = 24;
    static final int THREADS_PER_NODE = 8;
    static final int ROUNDS = 120;
    static final String BUMP = "UPDATE executions SET version = version + 1 WHERE id = ?";

    String name;
    Database a;
    Database b;

    @BeforeEach
    void twoNodes() {
        name = PostgresDatabases.create("flowgate_locks");
        a = Database.open(Database.Settings.of(PostgresDatabases.url(name)));
        b = Database.open(Database.Settings.of(PostgresDatabases.url(name)));
        JdbcExecutionStore store = new JdbcExecutionStore(a);
        for (int i = 0; i < ROWS; i++) {
            store.insert(Fixtures.execution(id(i), DatabaseContract.T0, io.flowgate.engine.ExecutionStatus.WAITING),
                    List.of(), null, null);
        }
    }

    @AfterEach
    void drop() {
        a.close();
        b.close();
        PostgresDatabases.drop(name);
    }

    @Test
    void crossing_order_shared_and_keyed_work_on_two_nodes_never_deadlocks() throws Exception {
        AtomicLong bumps = new AtomicLong();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (Database node : List.of(a, b)) {
                for (int t = 0; t < THREADS_PER_NODE; t++) {
                    done.add(pool.submit(() -> {
                        for (int round = 0; round < ROUNDS; round++) {
                            bumps.addAndGet(oneUnit(node));
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        long total = a.reads().queryOne("SELECT SUM(version) AS v FROM executions", r -> r.longValue("v")).orElseThrow();
        System.out.printf("lock order: %d units, %d row updates, transient retries a=%d b=%d%n",
                2L * THREADS_PER_NODE * ROUNDS, bumps.get(), a.writes().transientRetries(),
                b.writes().transientRetries());
        assertThat(total).isEqualTo(bumps.get());
        assertThat(a.writes().transientRetries()).isZero();
        assertThat(b.writes().transientRetries()).isZero();
    }

    /**
     * Half keyed units (one row each, batched with the other threads' units), half shared units that
     * update 2–6 rows in a random order after locking them in the one order. Returns the rows bumped.
     */
    private static int oneUnit(Database node) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (random.nextBoolean()) {
            String id = id(random.nextInt(ROWS));
            return node.writes().write(LockOrder.execution(id), tx -> tx.execute(BUMP, id));
        }
        List<String> ids = new ArrayList<>();
        for (int k = 2 + random.nextInt(5); ids.size() < k; ) {
            String id = id(random.nextInt(ROWS));
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        Collections.shuffle(ids);
        return node.writes().writeShared(tx -> {
            LockOrder.lockExecutions(tx, node.dialect(), ids);
            int n = 0;
            for (String id : ids) {
                n += tx.execute(BUMP, id);
            }
            return n;
        });
    }

    @Test
    void a_unit_that_breaks_the_rule_is_retried_and_counted() throws Exception {
        CountDownLatch aHasFirst = new CountDownLatch(1);
        CountDownLatch bHasSecond = new CountDownLatch(1);
        String x = id(0);
        String y = id(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            // Opposite orders without LockOrder: PostgreSQL aborts one; its transaction simply runs again.
            Future<Integer> onA = pool.submit(() -> a.writes().writeShared(tx -> {
                tx.execute(BUMP, x);
                aHasFirst.countDown();
                awaitQuietly(bHasSecond);
                return tx.execute(BUMP, y);
            }));
            aHasFirst.await();
            Future<Integer> onB = pool.submit(() -> b.writes().writeShared(tx -> {
                tx.execute(BUMP, y);
                bHasSecond.countDown();
                return tx.execute(BUMP, x);
            }));
            assertThat(onA.get()).isEqualTo(1);
            assertThat(onB.get()).isEqualTo(1);
        }
        assertThat(a.writes().transientRetries() + b.writes().transientRetries()).isPositive();
    }

    @Test
    void a_keyless_unit_that_would_wait_for_a_row_lock_fails_instead() throws Exception {
        String x = id(0);
        try (Connection holder = DriverManager.getConnection(PostgresDatabases.url(name))) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("SELECT id FROM executions WHERE id = '" + x + "' FOR UPDATE");
            }
            assertThatThrownBy(() -> a.writes().write(tx -> tx.execute(BUMP, x)))
                    .isInstanceOf(StoreException.class)
                    .satisfies(e -> assertThat(((StoreException) e).sqlState()).isEqualTo("55P03"));
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                // A keyed unit may wait for its one row: it commits once the holder lets go.
                Future<Integer> keyed = pool.submit(() -> a.writes().write(LockOrder.execution(x),
                        tx -> tx.execute(BUMP, x)));
                holder.commit();
                assertThat(keyed.get()).isEqualTo(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a_batch_whose_connection_is_cut_before_its_commit_runs_again_on_a_new_one() {
        String x = id(0);
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        long before = a.writes().transientRetries();
        int bumped = a.writes().write(LockOrder.execution(x), tx -> {
            if (attempts.incrementAndGet() == 1) {
                tx.execute(BUMP, x);
                tx.query("SELECT pg_terminate_backend(pg_backend_pid())::text AS t", row -> row.string("t")); // a restart, a network cut
            }
            return tx.execute(BUMP, x);
        });
        assertThat(bumped).isEqualTo(1);
        assertThat(attempts).hasValue(2);
        assertThat(a.writes().transientRetries() - before).isEqualTo(1);
        assertThat(version(x)).as("the cut attempt kept nothing").isEqualTo(1);
    }

    @Test
    void a_frozen_writer_whose_transaction_the_server_ended_runs_its_batch_again() {
        String x = id(0);
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        int bumped = a.writes().write(LockOrder.execution(x), tx -> {
            int n = tx.execute(BUMP, x);
            if (attempts.incrementAndGet() == 1) {
                // As a node frozen mid-batch: idle in its transaction past the server's limit, then it commits.
                tx.execute("SET LOCAL idle_in_transaction_session_timeout = 100");
                sleep(600);
            }
            return n;
        });
        assertThat(bumped).isEqualTo(1);
        assertThat(attempts).hasValue(2);
        assertThat(version(x)).isEqualTo(1);
    }

    private long version(String id) {
        return a.reads().queryOne("SELECT version FROM executions WHERE id = ?", row -> row.longValue("version"), id).orElseThrow();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis); // stands for the freeze itself: nothing to wait on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String id(int i) {
        return String.format("run-%02d", i);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
