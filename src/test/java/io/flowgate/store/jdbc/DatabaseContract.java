package io.flowgate.store.jdbc;

import io.flowgate.core.SettableClock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of every store contract: a fresh, empty, migrated database per test, supplied by the
 * backend runner ({@link SqliteStoreTest}, {@link PostgresStoreTest}).
 */
abstract class DatabaseContract {
    /** Millisecond precision on purpose: timestamps must round-trip exactly. */
    static final Instant T0 = Instant.parse("2025-03-30T01:59:58.123Z");

    protected final SettableClock clock = new SettableClock(T0);
    protected Database.Settings settings;
    protected Database db;

    /** Settings that reach an empty database (no tables, or no rows), private to the current test. */
    protected abstract Database.Settings freshDatabase();

    @BeforeEach
    void openDb() {
        settings = freshDatabase();
        db = Database.open(settings);
    }

    @AfterEach
    void closeDb() {
        if (db != null) {
            db.close();
        }
    }

    /** A second node on the same data as {@link #db}, as another process would open it; the caller closes it. */
    protected Database openAnotherNode() {
        return Database.open(settings);
    }
}
