package io.flowgate.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import io.flowgate.store.ClusterSignals;
import io.flowgate.store.SignalHub;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.flywaydb.core.Flyway;

/**
 * An open database: a read pool, the {@link GroupCommitter} with its writer connections, and the
 * schema migrated to the latest version. Build the stores on top of it; {@link #close()} commits
 * pending writes, then closes the pools.
 *
 * <p>SQLite: WAL, {@code synchronous=FULL} (a commit is on disk when it returns — the promise
 * behind a 202), {@code foreign_keys=ON}, a busy timeout; exactly one writer connection, since
 * SQLite admits one writer at a time, and a few reader connections that WAL never blocks.
 * PostgreSQL: a normal read pool and {@link Settings#writers()} writer connections.
 */
public final class Database implements AutoCloseable {

    /**
     * How to open the database. {@code user}/{@code password} may be null (SQLite, or credentials in the URL).
     * {@code writers} is ignored for SQLite, which always has exactly one. {@code initSql}, if not
     * null, runs on every new connection (e.g. {@code SET TIME ZONE …}: the PostgreSQL driver sends
     * the JVM's zone at login, overriding URL {@code options} and database defaults).
     */
    public record Settings(String jdbcUrl, String user, String password, int readPoolSize, int writers,
                           int maxBatch, Duration busyTimeout, String initSql,
                           GroupCommitter.CommitListener listener) {
        public static final int DEFAULT_READ_POOL = 8;
        public static final int DEFAULT_PG_WRITERS = 2;
        public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(10);

        public static Settings of(String jdbcUrl) {
            return new Settings(jdbcUrl, null, null, DEFAULT_READ_POOL, DEFAULT_PG_WRITERS,
                    GroupCommitter.DEFAULT_MAX_BATCH, DEFAULT_BUSY_TIMEOUT, null, GroupCommitter.CommitListener.NONE);
        }

        public Settings withCredentials(String newUser, String newPassword) {
            return new Settings(jdbcUrl, newUser, newPassword, readPoolSize, writers, maxBatch, busyTimeout, initSql, listener);
        }

        public Settings withWriters(int count) {
            return new Settings(jdbcUrl, user, password, readPoolSize, count, maxBatch, busyTimeout, initSql, listener);
        }

        public Settings withReadPoolSize(int size) {
            return new Settings(jdbcUrl, user, password, size, writers, maxBatch, busyTimeout, initSql, listener);
        }

        public Settings withInitSql(String sql) {
            return new Settings(jdbcUrl, user, password, readPoolSize, writers, maxBatch, busyTimeout, sql, listener);
        }

        public Settings withListener(GroupCommitter.CommitListener newListener) {
            return new Settings(jdbcUrl, user, password, readPoolSize, writers, maxBatch, busyTimeout, initSql, newListener);
        }
    }

    /** How long a writer connection may sit idle inside a transaction on PostgreSQL (see frozenWriterGuard). */
    public static final Duration FROZEN_WRITER_TIMEOUT = Duration.ofSeconds(5);
    /** How long a connection attempt may take before the request it serves is answered 503 (PostgreSQL). */
    static final Duration DATABASE_DOWN_TIMEOUT = Duration.ofSeconds(5);

    private final Dialect dialect;
    private final Settings settings;
    private final HikariDataSource readPool;
    private final HikariDataSource writePool;
    private final JdbcHelper reads;
    private final GroupCommitter writes;
    private ClusterSignals signals;
    private PgSignals pgSignals;

    private Database(Dialect dialect, Settings settings, HikariDataSource readPool, HikariDataSource writePool,
                     GroupCommitter writes) {
        this.dialect = dialect;
        this.settings = settings;
        this.readPool = readPool;
        this.writePool = writePool;
        this.reads = new JdbcHelper(readPool, settings.readPoolSize(), writes::noteUnavailable);
        this.writes = writes;
    }

    public static Database open(String jdbcUrl) {
        return open(Settings.of(jdbcUrl));
    }

    public static Database open(Settings settings) {
        Dialect dialect = Dialect.of(settings.jdbcUrl());
        if (settings.readPoolSize() < 1) {
            throw new IllegalArgumentException("readPoolSize must be >= 1, was " + settings.readPoolSize());
        }
        Path sqliteDir = dialect == Dialect.SQLITE ? sqliteFile(settings.jdbcUrl()).getParent() : null;
        if (dialect == Dialect.SQLITE) {
            createDirectory(sqliteDir);
            SqliteNativeLibrary.preferExtractedCopy();
        }
        int writerCount = dialect == Dialect.SQLITE ? 1 : settings.writers();
        HikariDataSource readPool = null;
        HikariDataSource writePool = null;
        try {
            readPool = pool(settings, dialect, "flowgate-read", settings.readPoolSize());
            migrate(readPool, dialect);
            writePool = pool(dialect == Dialect.POSTGRESQL ? settings.withInitSql(frozenWriterGuard(settings.initSql()))
                    : settings, dialect, "flowgate-write", writerCount);
            GroupCommitter writes = new GroupCommitter(writePool, writerCount, settings.maxBatch(), settings.listener(),
                    dialect == Dialect.POSTGRESQL, dialect == Dialect.SQLITE);
            if (dialect == Dialect.SQLITE) {
                writes.watchFreeSpace(freeSpace(sqliteDir));
            }
            return new Database(dialect, settings, readPool, writePool, writes);
        } catch (RuntimeException e) {
            if (writePool != null) {
                writePool.close();
            }
            if (readPool != null) {
                readPool.close();
            }
            throw e;
        }
    }

    /**
     * A node frozen mid-transaction (SIGSTOP, a VM stall) keeps its row locks, and the other nodes' claims skip
     * locked rows: its runs could not be taken over until it woke. PostgreSQL ends such a transaction after
     * {@link #FROZEN_WRITER_TIMEOUT} idle, which frees the rows; the frozen node's commit then fails. A write
     * transaction is a batch of short statements, never idle that long while its node runs.
     */
    private static String frozenWriterGuard(String initSql) {
        String guard = "SET idle_in_transaction_session_timeout = " + FROZEN_WRITER_TIMEOUT.toMillis();
        return initSql == null ? guard : guard + "; " + initSql;
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * Signals between the nodes on this database, as {@code node}: on PostgreSQL, writes from now on send
     * their signals with NOTIFY and a dedicated connection LISTENs (started here); on SQLite, one node,
     * nothing is sent and nothing arrives. Call once, before the stores write.
     */
    public synchronized ClusterSignals signals(String node) {
        if (signals != null) {
            return signals;
        }
        if (dialect == Dialect.POSTGRESQL) {
            PgSignals pg = new PgSignals(settings.jdbcUrl(), settings.user(), settings.password(), node);
            pg.start();
            writes.sendSignalsWith(pg);
            pgSignals = pg;
            signals = pg;
        } else {
            signals = new SignalHub();
        }
        return signals;
    }

    /** The PostgreSQL signal listener, when {@link #signals} started one (tests look at its reconnects). */
    public java.util.Optional<PgSignals> pgSignals() {
        return java.util.Optional.ofNullable(pgSignals);
    }

    public JdbcHelper reads() {
        return reads;
    }

    public GroupCommitter writes() {
        return writes;
    }

    @Override
    public void close() {
        try {
            writes.close();
        } finally {
            if (pgSignals != null) {
                pgSignals.close();
            }
            writePool.close();
            readPool.close();
        }
    }

    private static HikariDataSource pool(Settings s, Dialect dialect, String name, int size) {
        HikariConfig c = new HikariConfig();
        c.setPoolName(name);
        c.setJdbcUrl(s.jdbcUrl());
        if (s.user() != null) {
            c.setUsername(s.user());
        }
        if (s.password() != null) {
            c.setPassword(s.password());
        }
        if (s.initSql() != null) {
            c.setConnectionInitSql(s.initSql());
        }
        c.setMaximumPoolSize(size);
        c.setMinimumIdle(Math.min(size, 2));
        if (dialect == Dialect.SQLITE) {
            c.addDataSourceProperty("journal_mode", "WAL");
            c.addDataSourceProperty("synchronous", "FULL");
            c.addDataSourceProperty("foreign_keys", "true");
            c.addDataSourceProperty("busy_timeout", String.valueOf(s.busyTimeout().toMillis()));
            // SQLite connections do not go stale; never recycle the writer in the middle of a burst.
            c.setMaxLifetime(0);
            c.setIdleTimeout(0);
        }
        if (dialect == Dialect.POSTGRESQL) {
            // A database that is down fails a request in seconds, as a 503 with Retry-After, instead of holding it
            // for the pool's default 30 s. Under load the pool is never the wait: JdbcHelper's permits are.
            c.setConnectionTimeout(DATABASE_DOWN_TIMEOUT.toMillis());
        }
        return new HikariDataSource(c);
    }

    private static void migrate(HikariDataSource pool, Dialect dialect) {
        Flyway.configure()
                .dataSource(pool)
                .resourceProvider(new Migrations(dialect))
                .failOnMissingLocations(false)
                .load()
                .migrate();
    }

    private static void createDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the database directory " + dir, e);
        }
    }

    /** Free bytes on the file system that holds {@code dir}; unknown (as plenty) if it cannot be read. */
    private static java.util.function.LongSupplier freeSpace(Path dir) {
        return () -> {
            try {
                return Files.getFileStore(dir).getUsableSpace();
            } catch (IOException e) {
                return Long.MAX_VALUE;
            }
        };
    }

    /** jdbc:sqlite:/path/to/file.db?opts (also file: URIs); in-memory databases cannot be shared by pools. */
    private static Path sqliteFile(String jdbcUrl) {
        String path = jdbcUrl.substring("jdbc:sqlite:".length());
        if (path.isEmpty() || path.startsWith(":memory:") || path.contains("mode=memory")) {
            throw new IllegalArgumentException("SQLite needs a database file, not an in-memory database: " + jdbcUrl);
        }
        if (path.startsWith("file:")) {
            path = path.substring("file:".length());
        }
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        return Path.of(path).toAbsolutePath();
    }
}
