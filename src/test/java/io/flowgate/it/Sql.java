package io.flowgate.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Reads a test server's database directly (SQLite file or PostgreSQL), to check what it stored. */
final class Sql {
    private Sql() {}

    @FunctionalInterface
    interface RowAction {
        void accept(ResultSet rs) throws SQLException;
    }

    static void query(String jdbc, String sql, RowAction action) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbc); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                action.accept(rs);
            }
        }
    }

    static long count(String jdbc, String sql) throws SQLException {
        long[] n = new long[1];
        query(jdbc, sql, rs -> n[0] = rs.getLong(1));
        return n[0];
    }
}
