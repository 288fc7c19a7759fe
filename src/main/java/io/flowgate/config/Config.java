package io.flowgate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The node's effective configuration, built once at start from flags, environment variables
 * ({@code FLOWGATE_PORT}, …) and defaults, validated by {@link ConfigLoader}, then never changed.
 *
 * @param db           JDBC URL; null means the embedded SQLite file {@code <dataDir>/flowgate.db}
 * @param nodeId       this node's name in leases and logs; {@link DefaultNodeId} when none is given
 * @param workflowsDir directory whose *.yaml|*.yml|*.json files are applied at start; may not exist
 * @param publicUrl    base URL shown in hook URLs; defaults to http://host:port
 * @param allowOutbound CIDRs of private/loopback ranges outbound calls may reach (none by default)
 * @param retention    how long finished history is kept before it is pruned (docs/operations.md#retention)
 */
public record Config(
        String host,
        int port,
        Path dataDir,
        String db,
        Path workflowsDir,
        String nodeId,
        String publicUrl,
        List<String> allowOutbound,
        long maxBodyBytes,
        Duration leaseDuration,
        int workerConcurrency,
        Duration retention) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final Path DEFAULT_DATA_DIR = Path.of("data");
    public static final Path DEFAULT_WORKFLOWS_DIR = Path.of("workflows");
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(15);
    public static final int DEFAULT_WORKER_CONCURRENCY = 1024;
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    public Config {
        Objects.requireNonNull(nodeId, "nodeId (DefaultNodeId gives the default)");
        allowOutbound = List.copyOf(allowOutbound);
        Objects.requireNonNull(retention, "retention");
    }

    /** With the default retention. */
    public Config(String host, int port, Path dataDir, String db, Path workflowsDir, String nodeId, String publicUrl,
                  List<String> allowOutbound, long maxBodyBytes, Duration leaseDuration, int workerConcurrency) {
        this(host, port, dataDir, db, workflowsDir, nodeId, publicUrl, allowOutbound, maxBodyBytes, leaseDuration,
                workerConcurrency, DEFAULT_RETENTION);
    }

    /** Every default, as {@code flowgate serve} with no flags and no environment would run. */
    public static Config defaults() {
        return new Config(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_DATA_DIR, null, DEFAULT_WORKFLOWS_DIR,
                DefaultNodeId.of(DefaultNodeId.localHostname(), DEFAULT_PORT), null, List.of(), DEFAULT_MAX_BODY_BYTES,
                DEFAULT_LEASE, DEFAULT_WORKER_CONCURRENCY, DEFAULT_RETENTION);
    }

    public String jdbcUrl() {
        return db != null ? db : "jdbc:sqlite:" + dataDir.resolve("flowgate.db").toAbsolutePath();
    }

    public boolean postgres() {
        return jdbcUrl().startsWith("jdbc:postgresql:");
    }

    public Config withPort(int newPort) {
        return new Config(host, newPort, dataDir, db, workflowsDir, nodeId, publicUrl, allowOutbound, maxBodyBytes,
                leaseDuration, workerConcurrency, retention);
    }

    public Config withDataDir(Path dir) {
        return new Config(host, port, dir, db, workflowsDir, nodeId, publicUrl, allowOutbound, maxBodyBytes,
                leaseDuration, workerConcurrency, retention);
    }

    public Config withDb(String jdbcUrl) {
        return new Config(host, port, dataDir, jdbcUrl, workflowsDir, nodeId, publicUrl, allowOutbound, maxBodyBytes,
                leaseDuration, workerConcurrency, retention);
    }

    public Config withWorkflowsDir(Path dir) {
        return new Config(host, port, dataDir, db, dir, nodeId, publicUrl, allowOutbound, maxBodyBytes,
                leaseDuration, workerConcurrency, retention);
    }

    public Config withAllowOutbound(List<String> cidrs) {
        return new Config(host, port, dataDir, db, workflowsDir, nodeId, publicUrl, cidrs, maxBodyBytes,
                leaseDuration, workerConcurrency, retention);
    }

    public Config withLeaseDuration(Duration lease) {
        return new Config(host, port, dataDir, db, workflowsDir, nodeId, publicUrl, allowOutbound, maxBodyBytes,
                lease, workerConcurrency, retention);
    }

    public Config withNodeId(String id) {
        return new Config(host, port, dataDir, db, workflowsDir, id, publicUrl, allowOutbound, maxBodyBytes,
                leaseDuration, workerConcurrency, retention);
    }

    public Config withRetention(Duration keep) {
        return new Config(host, port, dataDir, db, workflowsDir, nodeId, publicUrl, allowOutbound, maxBodyBytes,
                leaseDuration, workerConcurrency, keep);
    }
}
