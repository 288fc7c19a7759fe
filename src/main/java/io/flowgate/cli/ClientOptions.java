package io.flowgate.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options every command accepts, before or after its name. Declared once on the top command and
 * inherited, so their values land here whichever command the user typed them after.
 */
final class ClientOptions {
    static final String DEFAULT_SERVER = "http://127.0.0.1:8080";

    @Option(names = "--server", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Flowgate server (default: $FLOWGATE_SERVER, else " + DEFAULT_SERVER + ")")
    String server;

    @Option(names = "--api-key", scope = ScopeType.INHERIT, paramLabel = "KEY",
            description = "API key (default: $FLOWGATE_API_KEY, else the admin.key file of the data directory)")
    String apiKey;

    @Option(names = "--output", scope = ScopeType.INHERIT, paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json (json prints the server's answer as-is)")
    Output output;

    @Option(names = "--team", scope = ScopeType.INHERIT, paramLabel = "TEAM",
            description = "Team of the workflow, when two teams use the same workflow id")
    String team;
}
