package io.flowgate.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import io.flowgate.it.PostgresDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every store contract on the tests' PostgreSQL ({@link PostgresDatabases}), in a database of its
 * own that is dropped afterwards. Sessions run in Pacific/Chatham (UTC+12:45/+13:45) on
 * purpose: nothing may depend on the session time zone.
 */
@Tag("pg")
class PostgresStoreTest {
    static final String TIME_ZONE = "Pacific/Chatham";
    static String NAME;

    @BeforeAll
    static void createDatabase() {
        NAME = PostgresDatabases.create("flowgate_test");
    }

    @AfterAll
    static void dropDatabase() {
        PostgresDatabases.drop(NAME);
    }

    /** The test database with an empty public schema: migrations run again for every test. */
    static Database.Settings fresh() {
        String url = PostgresDatabases.url(NAME);
        try {
            run(url, "DROP SCHEMA public CASCADE; CREATE SCHEMA public");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reset " + NAME, e);
        }
        return Database.Settings.of(url).withInitSql("SET TIME ZONE '" + TIME_ZONE + "'");
    }

    private static void run(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Nested
    class Executions extends ExecutionStoreContract {
        @Override
        protected Database.Settings freshDatabase() {
            return fresh();
        }
    }

    @Nested
    class Listing extends ExecutionListingContract {
        @Override
        protected Database.Settings freshDatabase() {
            return fresh();
        }
    }

    @Nested
    class Workflows extends WorkflowStoreContract {
        @Override
        protected Database.Settings freshDatabase() {
            return fresh();
        }
    }

    @Nested
    class Credentials extends CredentialStoreContract {
        @Override
        protected Database.Settings freshDatabase() {
            return fresh();
        }
    }

    @Nested
    class GroupCommit extends GroupCommitterContract {
        @Override
        protected Database.Settings freshDatabase() {
            return fresh();
        }
    }

    @Nested
    class Events extends EventStoreContract {
        @Override
        protected Database.Settings freshDatabase() {
            return fresh();
        }
    }

    @Nested
    class Deliveries extends DeliveryStoreContract {
        @Override
        protected Database.Settings freshDatabase() {
            return fresh();
        }
    }

    @Nested
    class Nodes extends NodeStoreContract {
        @Override
        protected Database.Settings freshDatabase() {
            return fresh();
        }
    }

    @Nested
    class Sessions extends DatabaseContract {
        @Override
        protected Database.Settings freshDatabase() {
            return fresh();
        }

        @Test
        void sessions_really_run_in_a_non_utc_time_zone() {
            assertThat(db.reads().queryOne("SHOW TimeZone", r -> r.string("TimeZone"))).contains(TIME_ZONE);
            String writerZone = db.writes().write(tx -> tx.queryOne("SHOW TimeZone", r -> r.string("TimeZone"))
                    .orElseThrow());
            assertThat(writerZone).isEqualTo(TIME_ZONE);
            assertThat(db.dialect()).isEqualTo(Dialect.POSTGRESQL);
        }

        @Test
        void a_deadlock_between_two_writers_is_retried_instead_of_failing_a_caller() throws Exception {
            String insert = "INSERT INTO secrets (name, ciphertext, created_at, updated_at) VALUES (?, ?, 0, 0)";
            String update = "UPDATE secrets SET updated_at = updated_at + 1 WHERE name = ?";
            db.writes().write(tx -> tx.execute(insert, "x", new byte[] {1}) + tx.execute(insert, "y", new byte[] {1}));
            CountDownLatch aHasX = new CountDownLatch(1);
            CountDownLatch bHasY = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                // Opposite lock order on the two writers: PostgreSQL aborts one; its batch must simply run again.
                Future<Integer> a = pool.submit(() -> db.writes().write(tx -> {
                    tx.execute(update, "x");
                    aHasX.countDown();
                    awaitQuietly(bHasY);
                    return tx.execute(update, "y");
                }));
                aHasX.await();
                Future<Integer> b = pool.submit(() -> db.writes().write(tx -> {
                    tx.execute(update, "y");
                    bHasY.countDown();
                    return tx.execute(update, "x");
                }));

                assertThat(a.get()).isEqualTo(1);
                assertThat(b.get()).isEqualTo(1);
            }
            assertThat(db.reads().query("SELECT updated_at FROM secrets ORDER BY name", r -> r.longValue("updated_at")))
                    .containsExactly(2L, 2L);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Nested
    class Webhooks extends WebhookStoreContract {
        @Override
        protected Database.Settings freshDatabase() {
            return fresh();
        }
    }
}
