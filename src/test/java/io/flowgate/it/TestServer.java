package io.flowgate.it;

import io.flowgate.App;
import io.flowgate.config.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The whole application on a random port, on a temp SQLite file or a throwaway PostgreSQL database. */
public final class TestServer implements AutoCloseable {
    private final App app;
    private final String pgDatabase;
    private final Http http;

    private TestServer(App app, String pgDatabase) throws Exception {
        this.app = app;
        this.pgDatabase = pgDatabase;
        this.http = new Http("http://127.0.0.1:" + app.port(), app.adminKey());
    }

    /**
     * The master key every node of a test cluster shares (as a deployment shares one; a node with another key
     * refuses to start): base64 of 32 bytes of 7.
     */
    public static final String CLUSTER_KEY = java.util.Base64.getEncoder().encodeToString(filled(32, (byte) 7));
    /** The environment of a node that joins a test cluster. */
    public static final Map<String, String> CLUSTER_ENV = Map.of("FLOWGATE_MASTER_KEY", CLUSTER_KEY);

    private static byte[] filled(int n, byte b) {
        byte[] out = new byte[n];
        java.util.Arrays.fill(out, b);
        return out;
    }

    public static TestServer sqlite(Path dir) throws Exception {
        return new TestServer(App.start(config(dir), Map.of()), null);
    }

    public static TestServer sqlite(Path dir, java.time.Clock clock) throws Exception {
        return new TestServer(App.start(config(dir), Map.of(), clock), null);
    }

    public static TestServer postgres(Path dir) throws Exception {
        return postgres(dir, java.time.Clock.systemUTC());
    }

    public static TestServer postgres(Path dir, java.time.Clock clock) throws Exception {
        String db = PostgresDatabases.create("flowgate_it");
        try {
            return new TestServer(App.start(config(dir).withDb(PostgresDatabases.url(db)), CLUSTER_ENV, clock), db);
        } catch (Exception | Error e) {
            PostgresDatabases.drop(db);
            throw e;
        }
    }

    static Config config(Path dir) {
        return Config.defaults().withPort(0).withDataDir(dir.resolve("data")).withWorkflowsDir(dir.resolve("workflows"))
                .withAllowOutbound(List.of("127.0.0.0/8"));
    }

    public Http http() {
        return http;
    }

    public App app() {
        return app;
    }

    /** The JDBC URL of this server's PostgreSQL database, so a second node can join it; null on SQLite. */
    public String postgresUrl() {
        return pgDatabase == null ? null : PostgresDatabases.url(pgDatabase);
    }

    @Override
    public void close() {
        app.close();
        if (pgDatabase != null) {
            PostgresDatabases.drop(pgDatabase);
        }
    }
}
