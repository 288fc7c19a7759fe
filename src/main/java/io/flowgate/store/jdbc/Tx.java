package io.flowgate.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Json;
import io.flowgate.store.Signal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Hand-written SQL over one borrowed connection: a write unit of the {@link GroupCommitter}, or a
 * read. Parameters bind by Java type: {@link Instant} as epoch millis, {@link JsonNode} as JSON
 * text, {@code byte[]} as bytes, null as SQL NULL. Driver errors become {@link StoreException}
 * carrying the statement, so units can be plain lambdas.
 *
 * <p>A write unit may add {@link Signal}s for the other nodes; the group committer sends them just before
 * this transaction commits (so a rolled-back attempt sends none). Signals added during a read are dropped.
 */
public final class Tx {
    private final Connection connection;
    /** The writer connection's reusable statements (SQLite's writer), or null: each statement is prepared anew. */
    private final WriterStatements statements;
    private LinkedHashSet<Signal> signals;

    Tx(Connection connection) {
        this(connection, null);
    }

    Tx(Connection connection, WriterStatements statements) {
        this.connection = connection;
        this.statements = statements;
    }

    /** Tells the other nodes about this change once the transaction commits; repeats are sent once. */
    public void signal(Signal signal) {
        if (signals == null) {
            signals = new LinkedHashSet<>();
        }
        signals.add(signal);
    }

    public void signal(Signal.Kind kind, String subject) {
        signal(Signal.of(kind, subject));
    }

    /** Hands the collected signals to {@code sender} on this transaction's connection (before its commit). */
    void sendSignals(SignalSender sender) {
        if (signals == null || signals.isEmpty()) {
            return;
        }
        try {
            sender.send(connection, signals);
        } catch (java.sql.SQLException e) {
            throw new StoreException("Sending signals failed: " + e.getMessage(), null, e);
        }
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        PreparedStatement ps = null;
        boolean done = false;
        try {
            ps = prepare(sql);
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) { // closing it resets a reused statement
                List<T> out = new ArrayList<>();
                Row row = new Row(rs);
                while (rs.next()) {
                    out.add(mapper.map(row));
                }
                done = true;
                return out;
            }
        } catch (SQLException e) {
            throw new StoreException("Query failed: " + e.getMessage(), sql, e);
        } finally {
            release(sql, ps, done);
        }
    }

    /** The first row, if any. */
    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.getFirst());
    }

    /** Runs an INSERT/UPDATE/DELETE; returns the number of rows it changed. */
    public int execute(String sql, Object... params) {
        PreparedStatement ps = null;
        boolean done = false;
        try {
            ps = prepare(sql);
            bind(ps, params);
            int changed = ps.executeUpdate();
            done = true;
            return changed;
        } catch (SQLException e) {
            throw new StoreException("Statement failed: " + e.getMessage(), sql, e);
        } finally {
            release(sql, ps, done);
        }
    }

    /** Runs one statement once per parameter row, as a JDBC batch. */
    public void batch(String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        PreparedStatement ps = null;
        boolean done = false;
        try {
            ps = prepare(sql);
            for (Object[] params : rows) {
                bind(ps, params);
                ps.addBatch();
            }
            ps.executeBatch();
            done = true;
        } catch (SQLException e) {
            throw new StoreException("Batch failed: " + e.getMessage(), sql, e);
        } finally {
            release(sql, ps, done);
        }
    }

    /** Like {@link #batch}, answering how many rows each parameter row changed. */
    public int[] batchCounts(String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return new int[0];
        }
        PreparedStatement ps = null;
        boolean done = false;
        try {
            ps = prepare(sql);
            for (Object[] params : rows) {
                bind(ps, params);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            done = true;
            return counts;
        } catch (SQLException e) {
            throw new StoreException("Batch failed: " + e.getMessage(), sql, e);
        } finally {
            release(sql, ps, done);
        }
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        return statements == null ? connection.prepareStatement(sql) : statements.prepared(sql);
    }

    /**
     * A statement of its own is closed; a reused one stays open for the next unit, unless this use failed
     * (half bound, a batch half added): then it is dropped and prepared again next time.
     */
    private void release(String sql, PreparedStatement ps, boolean done) {
        if (statements != null) {
            if (!done) {
                statements.discard(sql);
            }
            return;
        }
        if (ps != null) {
            try {
                ps.close();
            } catch (SQLException e) {
                // Closing cannot lose data; the pool closes what is left when the connection goes back.
            }
        }
    }

    private static void bind(PreparedStatement ps, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            int index = i + 1;
            switch (params[i]) {
                case null -> ps.setNull(index, Types.NULL);
                case String s -> ps.setString(index, s);
                case Integer n -> ps.setInt(index, n);
                case Long n -> ps.setLong(index, n);
                case Instant t -> ps.setLong(index, t.toEpochMilli());
                case JsonNode node -> ps.setString(index, Json.write(node));
                case byte[] bytes -> ps.setBytes(index, bytes);
                default -> throw new IllegalArgumentException(
                        "Unsupported SQL parameter type " + params[i].getClass().getName() + " at " + index);
            }
        }
    }
}
