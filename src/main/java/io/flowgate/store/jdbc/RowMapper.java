package io.flowgate.store.jdbc;

import java.sql.SQLException;

/** Turns one row into a value. */
@FunctionalInterface
public interface RowMapper<T> {
    T map(Row row) throws SQLException;
}
