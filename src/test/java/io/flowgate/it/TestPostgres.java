package io.flowgate.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL server every test uses, chosen once per test JVM so that the suite runs on any
 * machine: the JDBC URL in {@code FLOWGATE_TEST_PG} when set; else the server on 127.0.0.1:5432
 * when one accepts user {@code postgres}; else an {@link EmbeddedPostgresServer} started for this
 * JVM. Tests ask {@link PostgresDatabases} for a database of their own on it, never for a host.
 */
public final class TestPostgres {
    public static final String ENVIRONMENT_VARIABLE = "FLOWGATE_TEST_PG";
    static final String LOCAL_SERVER = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

    // jdbc:postgresql://host[:port][,host2...][/database][?params] or jdbc:postgresql:[database][?params]
    private static final Pattern URL = Pattern.compile("(jdbc:postgresql:(?://[^/?]*)?)/?([^?]*)(\\?.*)?");

    private static String adminUrl;
    private static RuntimeException failure;

    private TestPostgres() {}

    /** A URL of the chosen server's maintenance database, with whatever user and options it was given. */
    public static synchronized String adminUrl() {
        if (adminUrl == null && failure == null) {
            try {
                adminUrl = choose(System.getenv(ENVIRONMENT_VARIABLE));
                System.err.println("Tests use PostgreSQL at " + withoutPassword(adminUrl));
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw new IllegalStateException("No PostgreSQL for the tests (set " + ENVIRONMENT_VARIABLE
                    + " to a JDBC URL to choose one): " + failure.getMessage(), failure);
        }
        return adminUrl;
    }

    /** The chosen server's URL for another database on it. */
    public static String url(String database) {
        return withDatabase(adminUrl(), database);
    }

    static String choose(String configured) {
        if (configured != null && !configured.isBlank()) {
            withDatabase(configured, "postgres"); // fails early on a URL that is not jdbc:postgresql:
            return configured.strip();
        }
        if (answers(LOCAL_SERVER)) {
            return LOCAL_SERVER;
        }
        return EmbeddedPostgresServer.forThisJvm().adminUrl();
    }

    static String withDatabase(String jdbcUrl, String database) {
        Matcher m = URL.matcher(jdbcUrl.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a jdbc:postgresql: URL: " + withoutPassword(jdbcUrl));
        }
        String server = m.group(1);
        String options = m.group(3) == null ? "" : m.group(3);
        return server + (server.endsWith(":") ? "" : "/") + database + options;
    }

    /** A quick check: nothing listening is refused at once, and a server that does not let us in counts as none. */
    private static boolean answers(String url) {
        try (Connection ignored = DriverManager.getConnection(url + "&connectTimeout=2&loginTimeout=5")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static String withoutPassword(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
