package io.flowgate.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Creates a throwaway PostgreSQL database on the server the tests use ({@link TestPostgres}) and
 * drops it afterwards. The one place tests get a PostgreSQL URL from, child server processes included.
 */
public final class PostgresDatabases {

    private PostgresDatabases() {}

    public static String create(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        run("CREATE DATABASE " + name);
        return name;
    }

    public static String url(String name) {
        return TestPostgres.url(name);
    }

    public static void drop(String name) {
        run("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** Runs one statement as the tests' administrator (to cut a database off, say). */
    public static void run(String sql) {
        try (Connection c = DriverManager.getConnection(TestPostgres.adminUrl()); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot run '" + sql + "' on the tests' PostgreSQL: " + e.getMessage(), e);
        }
    }
}
