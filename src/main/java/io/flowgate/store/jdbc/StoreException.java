package io.flowgate.store.jdbc;

import java.sql.SQLException;

/**
 * The database failed (connection lost, constraint broken, disk full). Not a {@link io.flowgate.core.FlowgateException}
 * on purpose: callers did nothing wrong, so the API renders it as a 500. Carries the SQL that failed.
 */
public class StoreException extends RuntimeException {
    private final String sql;

    public StoreException(String message, String sql, Throwable cause) {
        super(sql == null ? message : message + " [" + sql + "]", cause);
        this.sql = sql;
    }

    public StoreException(String message) {
        this(message, null, null);
    }

    public String sql() {
        return sql;
    }

    /** The SQLState of the underlying driver error, or null. */
    public String sqlState() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLException e && e.getSQLState() != null) {
                return e.getSQLState();
            }
        }
        return null;
    }
}
