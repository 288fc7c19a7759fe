package io.flowgate.cli;

import io.flowgate.config.Config;
import io.flowgate.config.ConfigLoader;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code flowgate serve}: validates the settings and hands them to the server runner. */
@Command(name = "serve", description = "Start the Flowgate server (settings: flag, else FLOWGATE_* variable, else default).")
final class ServeCommand implements Callable<Integer> {
    @ParentCommand
    FlowgateCli cli;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (FLOWGATE_PORT, default 8080; 0 = any free port)")
    String port;

    @Option(names = "--host", paramLabel = "HOST", description = "Address to bind (FLOWGATE_HOST, default 127.0.0.1)")
    String host;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (FLOWGATE_DATA, default ./data)")
    String data;

    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = "jdbc:sqlite:… or jdbc:postgresql://… (FLOWGATE_DB, default SQLite in the data directory)")
    String db;

    @Option(names = "--workflows", paramLabel = "DIR",
            description = "Workflow files applied at start (FLOWGATE_WORKFLOWS, default ./workflows)")
    String workflows;

    @Option(names = "--node-id", paramLabel = "ID", description = "Name of this node in a cluster (FLOWGATE_NODE_ID, default host name and port)")
    String nodeId;

    @Option(names = "--public-url", paramLabel = "URL",
            description = "Base URL shown in hook URLs (FLOWGATE_PUBLIC_URL, default http://host:port)")
    String publicUrl;

    @Option(names = "--allow-outbound", paramLabel = "CIDR,…",
            description = "Private/loopback ranges outbound calls may reach (FLOWGATE_ALLOW_OUTBOUND, default none)")
    String allowOutbound;

    @Option(names = "--max-body", paramLabel = "SIZE", description = "Largest inbound request body (FLOWGATE_MAX_BODY, default 1m)")
    String maxBody;

    @Option(names = "--lease", paramLabel = "DURATION",
            description = "How long a node's claim on work lasts without renewal; a dead node's work moves after it (FLOWGATE_LEASE, default 15s)")
    String lease;

    @Option(names = "--retention", paramLabel = "DURATION",
            description = "How long finished executions, request logs, events and deliveries are kept before they are pruned (FLOWGATE_RETENTION, default P30D)")
    String retention;

    @Override
    public Integer call() throws Exception {
        Config config;
        try {
            config = new ConfigLoader(cli.env()).load(new ConfigLoader.Flags(port, host, data, db, workflows, nodeId,
                    publicUrl, allowOutbound, maxBody, lease, retention));
        } catch (ConfigLoader.InvalidConfigException e) {
            List<String> lines = e.problems().stream().map(p -> "error: " + p.message()).toList();
            throw new CliFailure(lines, FlowgateCli.EXIT_USAGE);
        }
        cli.serverRunner().run(config);
        return FlowgateCli.EXIT_OK;
    }
}
