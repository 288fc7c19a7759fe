package io.flowgate.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The group commit: many callers, shared commits, and a failing unit failing only its own caller. */
abstract class GroupCommitterContract extends DatabaseContract {
    private static final String INSERT = "INSERT INTO secrets (name, ciphertext, created_at, updated_at) VALUES (?, ?, 0, 0)";

    @Test
    void two_hundred_concurrent_writers_all_complete() throws Exception {
        List<Future<Integer>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                String name = "s" + i;
                futures.add(pool.submit(() -> db.writes().write(tx -> tx.execute(INSERT, name, new byte[] {1}))));
            }
        }
        for (Future<Integer> f : futures) {
            assertThat(f.get()).isEqualTo(1);
        }

        assertThat(rowCount()).isEqualTo(200);
        assertThat(db.writes().unitsCommitted()).isGreaterThanOrEqualTo(200);
        assertThat(db.writes().commits()).isLessThanOrEqualTo(db.writes().unitsCommitted());
    }

    @Test
    void a_failing_unit_fails_only_its_caller_and_the_rest_of_its_batch_commits() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        try (Database node = Database.open(settings.withWriters(1).withListener((units, nanos) -> batchSizes.add(units)));
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            GroupCommitter writes = node.writes();
            // Hold the only writer so that everything below queues up and lands in one batch.
            Future<Object> blocker = pool.submit(() -> writes.write(tx -> {
                running.countDown();
                awaitQuietly(release);
                return null;
            }));
            running.await();
            List<Future<Integer>> good = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String name = "ok" + i;
                good.add(pool.submit(() -> writes.write(tx -> tx.execute(INSERT, name, new byte[] {2}))));
            }
            Future<Integer> duplicate = pool.submit(() -> writes.write(tx -> tx.execute(INSERT, "ok3", new byte[] {3})));
            Future<Integer> throwing = pool.submit(() -> writes.write(tx -> {
                tx.execute(INSERT, "never", new byte[] {4});
                throw new IllegalStateException("unit bug");
            }));
            try {
                await().until(() -> writes.queued() == 22);
            } finally {
                release.countDown();
            }

            for (Future<Integer> f : good) {
                assertThat(f.get()).isEqualTo(1);
            }
            assertThatThrownBy(duplicate::get).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(StoreException.class);
            assertThatThrownBy(throwing::get).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(IllegalStateException.class).hasMessage("unit bug");
            blocker.get();
            assertThat(rowCount()).isEqualTo(20);
            // The listener hears of a commit just after its callers are released: wait for it, do not race it.
            await().untilAsserted(() -> assertThat(batchSizes).containsExactly(1, 20));
        }
    }

    @Test
    void close_commits_what_is_queued_and_refuses_later_writes() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Database node = Database.open(settings.withWriters(1));
        GroupCommitter writes = node.writes();
        List<Future<Integer>> queued = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            try {
                // Hold the only writer so that ten writes are still queued when close() begins.
                pool.submit(() -> writes.write(tx -> {
                    running.countDown();
                    awaitQuietly(release);
                    return tx.execute(INSERT, "first", new byte[] {1});
                }));
                running.await();
                for (int i = 0; i < 10; i++) {
                    String name = "queued" + i;
                    queued.add(pool.submit(() -> writes.write(tx -> tx.execute(INSERT, name, new byte[] {1}))));
                }
                await().until(() -> writes.queued() == 10);
                Future<?> closing = pool.submit(node::close);
                await().until(writes::isClosed);
                release.countDown();
                closing.get();
            } finally {
                release.countDown();
            }
        }

        for (Future<Integer> f : queued) {
            assertThat(f.get()).isEqualTo(1);
        }
        assertThatThrownBy(() -> writes.write(tx -> tx.execute(INSERT, "late", new byte[] {1})))
                .isInstanceOf(StoreException.class).hasMessageContaining("closed");
        assertThat(rowCount()).isEqualTo(11);
    }

    @Test
    void a_unit_cannot_wait_for_its_own_writer() {
        assertThatThrownBy(() -> db.writes().write(tx -> db.writes().write(inner -> 1)))
                .isInstanceOf(IllegalStateException.class);
    }

    /** SQLite's writer reuses its prepared statements (WriterStatements): a failed use must not leak into the next. */
    @Test
    void a_statement_that_failed_half_way_does_not_carry_anything_into_later_units() {
        String count = "SELECT COUNT(*) AS n FROM secrets WHERE name LIKE ?";
        assertThatThrownBy(() -> db.writes().write(tx -> {
            tx.batch(INSERT, List.of(new Object[] {"b1", new byte[] {1}}, new Object[] {"b1", new byte[] {1}}));
            return null;
        })).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> db.writes().write(tx -> {
            tx.batch(INSERT, List.of(new Object[] {"b2", new byte[] {1}}, new Object[] {"b3", new Object()}));
            return null;
        })).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> db.writes().write(tx -> tx.execute(INSERT, "b4", new Object())))
                .isInstanceOf(IllegalArgumentException.class);
        for (int i = 0; i < 30; i++) {
            String name = "r" + i;
            long seen = db.writes().write(tx -> {
                tx.execute(INSERT, name, new byte[] {5});
                return tx.queryOne(count, r -> r.longValue("n"), "r%").orElseThrow();
            });
            assertThat(seen).isEqualTo(i + 1);
        }
        int[] counts = db.writes().write(tx -> tx.batchCounts(INSERT, List.of(new Object[] {"c1", new byte[] {6}},
                new Object[] {"c2", new byte[] {6}})));
        assertThat(counts).containsExactly(1, 1);
        assertThat(rowCount()).isEqualTo(32);
    }

    private long rowCount() {
        return db.reads().queryOne("SELECT COUNT(*) AS n FROM secrets", r -> r.longValue("n")).orElseThrow();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
