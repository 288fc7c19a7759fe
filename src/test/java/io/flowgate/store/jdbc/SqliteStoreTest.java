package io.flowgate.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every store contract on SQLite, one new database file per test. */
class SqliteStoreTest {
    @TempDir
    static Path dir;

    /** In a directory that does not exist yet: opening must create it. */
    static Database.Settings fresh() {
        return Database.Settings.of("jdbc:sqlite:" + dir.resolve(UUID.randomUUID().toString()).resolve("flowgate.db"));
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
    class Durability extends DatabaseContract {
        @Override
        protected Database.Settings freshDatabase() {
            return fresh();
        }

        @Test
        void the_writer_runs_in_wal_mode_with_full_sync_and_foreign_keys() {
            String pragmas = db.writes().write(tx -> tx.queryOne("PRAGMA journal_mode", r -> r.string("journal_mode"))
                    .orElseThrow() + " " + tx.queryOne("PRAGMA synchronous", r -> r.integer("synchronous")).orElseThrow()
                    + " " + tx.queryOne("PRAGMA foreign_keys", r -> r.integer("foreign_keys")).orElseThrow());

            assertThat(pragmas).isEqualTo("wal 2 1");
        }

        @Test
        void the_database_file_and_its_directory_are_created() {
            String file = settings.jdbcUrl().substring("jdbc:sqlite:".length());

            assertThat(Files.isRegularFile(Path.of(file))).isTrue();
            assertThat(db.dialect()).isEqualTo(Dialect.SQLITE);
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
