package io.flowgate.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Reads on the read pool. Each call borrows a connection in auto-commit mode; on SQLite in WAL
 * mode these never wait for the writer. Writes do not go here: they go through the
 * {@link GroupCommitter}.
 *
 * <p>Callers queue here for one of the pool's connections, never inside the pool: when more virtual threads
 * ask than the pool has connections, HikariCP hands a returned connection over to a waiter in a loop that
 * spins ({@code ConcurrentBag.requite}) until a waiter takes it. With virtual threads the waiters need the
 * very carrier threads that spin, so under load every carrier spun and the node stalled (seen in the
 * three-node cluster test: HTTP, stops and heartbeats starved). A fair semaphore with one permit per
 * connection parks the extra callers instead, so the pool never has waiters.
 */
public final class JdbcHelper {
    private final DataSource pool;
    private final Semaphore connections;
    private final java.util.function.Consumer<StoreException> unavailable;

    /** {@code size}: the pool's maximum size (every caller of this pool goes through here). */
    public JdbcHelper(DataSource pool, int size) {
        this(pool, size, e -> { });
    }

    /** {@code unavailable} hears of every read that failed for want of the database (for /readyz). */
    JdbcHelper(DataSource pool, int size, java.util.function.Consumer<StoreException> unavailable) {
        this.pool = pool;
        this.connections = new Semaphore(size, true);
        this.unavailable = unavailable;
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return withConnection(tx -> tx.query(sql, mapper, params));
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        return withConnection(tx -> tx.queryOne(sql, mapper, params));
    }

    /** Several reads on one connection (not one snapshot: each statement sees the latest commits). */
    public <T> T withConnection(Function<Tx, T> reads) {
        try {
            connections.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while waiting for a read connection", null, e);
        }
        try (Connection c = pool.getConnection()) {
            return reads.apply(new Tx(c));
        } catch (SQLException e) {
            throw noted(new StoreException("Cannot get a read connection: " + e.getMessage(), null, e));
        } catch (StoreException e) {
            throw noted(e);
        } finally {
            connections.release();
        }
    }

    private StoreException noted(StoreException e) {
        if (e.unavailable()) {
            unavailable.accept(e);
        }
        return e;
    }
}
