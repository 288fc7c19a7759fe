package io.flowgate.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
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
    class Retention extends RetentionStoreContract {
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
    class Brokers extends BrokerStoreContract {
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
    }

    @Nested
    class Webhooks extends WebhookStoreContract {
        @Override
        protected Database.Settings freshDatabase() {
            return fresh();
        }
    }
}
