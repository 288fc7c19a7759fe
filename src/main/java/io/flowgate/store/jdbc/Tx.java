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
    private LinkedHashSet<Signal> signals;

    Tx(Connection connection) {
        this.connection = connection;
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
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                Row row = new Row(rs);
                while (rs.next()) {
                    out.add(mapper.map(row));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new StoreException("Query failed: " + e.getMessage(), sql, e);
        }
    }

    /** The first row, if any. */
    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.getFirst());
    }

    /** Runs an INSERT/UPDATE/DELETE; returns the number of rows it changed. */
    public int execute(String sql, Object... params) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("Statement failed: " + e.getMessage(), sql, e);
        }
    }

    /** Runs one statement once per parameter row, as a JDBC batch. */
    public void batch(String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (Object[] params : rows) {
                bind(ps, params);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new StoreException("Batch failed: " + e.getMessage(), sql, e);
        }
    }

    /** Like {@link #batch}, answering how many rows each parameter row changed. */
    public int[] batchCounts(String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return new int[0];
        }
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (Object[] params : rows) {
                bind(ps, params);
                ps.addBatch();
            }
            return ps.executeBatch();
        } catch (SQLException e) {
            throw new StoreException("Batch failed: " + e.getMessage(), sql, e);
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
