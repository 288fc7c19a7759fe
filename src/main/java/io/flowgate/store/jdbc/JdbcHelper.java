package io.flowgate.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Reads on the read pool. Each call borrows a connection in auto-commit mode; on SQLite in WAL
 * mode these never wait for the writer. Writes do not go here: they go through the
 * {@link GroupCommitter}.
 */
public final class JdbcHelper {
    private final DataSource pool;

    public JdbcHelper(DataSource pool) {
        this.pool = pool;
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return withConnection(tx -> tx.query(sql, mapper, params));
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        return withConnection(tx -> tx.queryOne(sql, mapper, params));
    }

    /** Several reads on one connection (not one snapshot: each statement sees the latest commits). */
    public <T> T withConnection(Function<Tx, T> reads) {
        try (Connection c = pool.getConnection()) {
            return reads.apply(new Tx(c));
        } catch (SQLException e) {
            throw new StoreException("Cannot get a read connection: " + e.getMessage(), null, e);
        }
    }
}
