package io.flowgate.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The current row of a result set, read by column name with the conversions our schema uses:
 * timestamps are BIGINT epoch millis, JSON is TEXT, and SQL NULL stays null.
 */
public final class Row {
    private final ResultSet rs;

    Row(ResultSet rs) {
        this.rs = rs;
    }

    public String string(String column) throws SQLException {
        return rs.getString(column);
    }

    public int integer(String column) throws SQLException {
        return rs.getInt(column);
    }

    public long longValue(String column) throws SQLException {
        return rs.getLong(column);
    }

    /** Null when the column is NULL (getLong would say 0). */
    public Long nullableLong(String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    public Instant instant(String column) throws SQLException {
        Long millis = nullableLong(column);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    public JsonNode json(String column) throws SQLException {
        return Json.read(rs.getString(column));
    }

    public byte[] bytes(String column) throws SQLException {
        return rs.getBytes(column);
    }
}
