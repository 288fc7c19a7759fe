package io.flowgate.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The statements of one SQLite writer connection, prepared once and reused by every later unit (the
 * execution insert, the request-log row, the transitions): compiling the same SQL for each unit of each
 * batch was ~3 % of the server's CPU per webhook (docs/benchmarks.md#hot-path-issue-12). They are prepared
 * on the pool's underlying connection, so that handing the connection back to the pool does not close them.
 *
 * <p>Only for SQLite: the one writer connection is a local file that is never recycled. On PostgreSQL the
 * driver already keeps server-side prepared statements per connection, and the pool must see each
 * statement's errors to retire a broken connection.
 *
 * <p>Used by one writer thread at a time (the one holding the connection). Dynamic SQL (variable IN lists)
 * is bounded by evicting the least recently used statement.
 */
final class WriterStatements {
    static final int MAX_STATEMENTS = 128;
    private static final Logger LOG = LoggerFactory.getLogger(WriterStatements.class);

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() > MAX_STATEMENTS) {
                close(eldest.getValue());
                return true;
            }
            return false;
        }
    };

    /** {@code connection}: the driver's own connection, not the pool's wrapper. */
    WriterStatements(Connection connection) {
        this.connection = connection;
    }

    PreparedStatement prepared(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null || ps.isClosed()) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /** After a failed statement: it is prepared again next time rather than reused in an unknown state. */
    void discard(String sql) {
        PreparedStatement ps = statements.remove(sql);
        if (ps != null) {
            close(ps);
        }
    }

    private static void close(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException e) {
            LOG.debug("Closing a cached writer statement failed", e);
        }
    }
}
