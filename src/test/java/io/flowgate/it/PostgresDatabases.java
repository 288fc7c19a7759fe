package io.flowgate.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** Creates a throwaway PostgreSQL database on the local server and drops it afterwards. */
public final class PostgresDatabases {
    public static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

    private PostgresDatabases() {}

    public static String create(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        run("CREATE DATABASE " + name);
        return name;
    }

    public static String url(String name) {
        return "jdbc:postgresql://127.0.0.1:5432/" + name + "?user=postgres";
    }

    public static void drop(String name) {
        run("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void run(String sql) {
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at 127.0.0.1:5432 is needed for this test: " + e.getMessage(), e);
        }
    }
}
