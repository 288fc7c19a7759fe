package io.flowgate.store.jdbc;

/**
 * What differs between the databases we run on. Deliberately tiny: both speak
 * {@code INSERT … ON CONFLICT … DO UPDATE}, {@code RETURNING} and partial indexes, timestamps are
 * BIGINT epoch millis and JSON is TEXT, so almost all SQL is shared and written out in the store
 * classes.
 */
public enum Dialect {
    /** One writer connection; a single claiming UPDATE is atomic because SQLite serialises writers. */
    SQLITE("sqlite", "", ""),
    /** Several nodes claim concurrently: candidate rows another node is claiming are skipped, not waited for. */
    POSTGRESQL("postgresql", " FOR UPDATE SKIP LOCKED", " FOR UPDATE");

    private final String migrationFolder;
    private final String skipLocked;
    private final String lockRow;

    Dialect(String migrationFolder, String skipLocked, String lockRow) {
        this.migrationFolder = migrationFolder;
        this.skipLocked = skipLocked;
        this.lockRow = lockRow;
    }

    public static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("Unsupported database URL '" + jdbcUrl
                + "': use jdbc:sqlite:<file> or jdbc:postgresql://host/db");
    }

    /** Folder under {@code db/migration/} whose files replace the common ones of the same name. */
    public String migrationFolder() {
        return migrationFolder;
    }

    /**
     * Appended to a guard read that must hold until commit. PostgreSQL needs the row lock (other
     * writer connections); SQLite's single writer already serialises every write transaction.
     */
    public String lockRow() {
        return lockRow;
    }

    /** Appended to a row-claiming sub-select. */
    public String skipLocked() {
        return skipLocked;
    }

    /**
     * Placed after a table (and its alias) in FROM to make SQLite walk the named index. Without statistics its
     * planner prefers an equality on a few values ({@code status IN (…)}, true of nearly every row) to a range
     * with the ORDER BY's column, and then sorts the whole table for a LIMIT of hundreds. PostgreSQL plans from
     * its own statistics; there it is empty.
     */
    public String indexedBy(String index) {
        return this == SQLITE ? " INDEXED BY " + index : "";
    }

    /**
     * A column in WHERE that SQLite must not take an index for (its unary {@code +}). With a list of primary keys
     * and {@code status IN (…)} beside it, SQLite's planner (no statistics) walks the status index, which nearly
     * every row matches, instead of looking the keys up: 22 ms instead of ~2 ms for 500 keys among 150,000 rows.
     * PostgreSQL plans from its own statistics; there the column stays as it is.
     */
    public String unindexed(String column) {
        return this == SQLITE ? "+" + column : column;
    }
}
