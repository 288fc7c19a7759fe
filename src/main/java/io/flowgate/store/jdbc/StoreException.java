package io.flowgate.store.jdbc;

import io.flowgate.core.Unavailable;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The database failed (connection lost, constraint broken, disk full). Not a {@link io.flowgate.core.FlowgateException}
 * on purpose: callers did nothing wrong. The API renders it as a 503 with Retry-After when it is
 * {@link #unavailable()} (the database is down, cut off, busy or full), else as a 500. Carries the SQL that failed.
 */
public class StoreException extends RuntimeException implements Unavailable {
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

    /**
     * The connection to the database is gone (PostgreSQL class 08, an administrator or timeout ending the session,
     * or the driver saying the connection is unusable): nothing uncommitted survived, and a new connection may work.
     */
    public boolean connectionLost() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLNonTransientConnectionException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException e && e.getSQLState() != null) {
                String state = e.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P") || state.equals("25P03")) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public boolean unavailable() {
        if (connectionLost()) {
            return true;
        }
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLiteException e) {
                SQLiteErrorCode code = e.getResultCode();
                return code == SQLiteErrorCode.SQLITE_BUSY || code == SQLiteErrorCode.SQLITE_LOCKED
                        || code == SQLiteErrorCode.SQLITE_FULL || code == SQLiteErrorCode.SQLITE_IOERR
                        || code.name().startsWith("SQLITE_BUSY_") || code.name().startsWith("SQLITE_IOERR_")
                        || code.name().startsWith("SQLITE_LOCKED_");
            }
            if (t instanceof SQLTransientException) {
                return true; // the pool's connection timeout, a lock or statement timeout
            }
            if (t instanceof SQLException e && e.getSQLState() != null) {
                String state = e.getSQLState();
                // 40: rolled back (deadlock, serialization); 53: out of disk, memory or connections;
                // 55P03: lock not available in time.
                return state.startsWith("40") || state.startsWith("53") || state.equals("55P03");
            }
        }
        return false;
    }

    /** SQLite could not write for want of space on the data directory's file system (SQLITE_FULL). */
    public boolean diskFull() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLiteException e && e.getResultCode() == SQLiteErrorCode.SQLITE_FULL) {
                return true;
            }
        }
        return false;
    }

    /** A sentence for /readyz and logs: what kind of unavailability this is, without the SQL or data. */
    public String reason() {
        String state = sqlState();
        if (diskFull()) {
            return "The disk is full: the database cannot write (SQLITE_FULL). Free space; the node takes writes "
                    + "again by itself.";
        }
        if (state != null && state.equals("53100")) {
            return "The database's disk is full (PostgreSQL 53100). Free space on the database server.";
        }
        if (connectionLost()) {
            return "The connection to the database is lost; reconnecting.";
        }
        return "The database cannot write at the moment (" + (state == null ? "no SQLState" : "SQLState " + state)
                + ").";
    }
}
