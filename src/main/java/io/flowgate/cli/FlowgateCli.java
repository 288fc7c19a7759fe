package io.flowgate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;

/**
 * The {@code flowgate} top command. Holds what every command shares (environment, output streams,
 * whether stdout is a terminal, the server runner) and turns failures into exit codes:
 * 0 ok, 1 failure or invalid input, 2 usage error.
 */
@Command(name = "flowgate", mixinStandardHelpOptions = true, versionProvider = FlowgateCli.Version.class,
        description = "Self-hosted workflow automation: triggers in, durable workflows, status out.",
        subcommands = {ServeCommand.class, ApplyCommand.class, ValidateCommand.class, WorkflowsCommand.class,
                RunCommand.class, StatusCommand.class, ExecutionsCommand.class, CancelCommand.class,
                RetryCommand.class, KeysCommand.class, SecretsCommand.class, CronCommand.class,
                SchedulesCommand.class, TokenCommand.class, DeliveriesCommand.class, EventCommand.class,
                DecisionCommand.Approve.class, DecisionCommand.Reject.class, ClusterCommand.class})
public final class FlowgateCli implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    @Mixin
    ClientOptions client;

    private final ServerRunner serverRunner;
    private final Map<String, String> env;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean terminal;

    /** The real process: its environment, stdout/stderr, and a terminal check on stdout. */
    public FlowgateCli(ServerRunner serverRunner) {
        this(serverRunner, System.getenv(), new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), stdoutIsTerminal());
    }

    /** @param terminal whether stdout is a terminal, so that live views may redraw lines in place */
    public FlowgateCli(ServerRunner serverRunner, Map<String, String> env, PrintWriter out, PrintWriter err,
            boolean terminal) {
        this.serverRunner = serverRunner;
        this.env = Map.copyOf(env);
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /** Parses and runs one command line; returns the exit code. */
    public int execute(String... args) {
        CommandLine cmd = new CommandLine(this);
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        // "run --data @file.json" is ours: picocli must not read @file as an argument file.
        cmd.setExpandAtFiles(false);
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CliFailure failure) {
                failure.lines().forEach(err::println);
                err.flush();
                return failure.exitCode();
            }
            err.println("error: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getName()));
            if (env.containsKey("FLOWGATE_DEBUG")) {
                e.printStackTrace(err);
            }
            err.flush();
            return EXIT_FAILURE;
        });
        int code = cmd.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(out);
    }

    ServerRunner serverRunner() {
        return serverRunner;
    }

    Map<String, String> env() {
        return env;
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }

    boolean terminal() {
        return terminal;
    }

    Output output() {
        return client.output;
    }

    String team() {
        return client.team;
    }

    /**
     * A client for the configured server. The key comes from {@code --api-key}, then
     * FLOWGATE_API_KEY, then {@code admin.key} in {@code dataDir} (a {@code --data} flag), then in
     * FLOWGATE_DATA, then in {@code ./data}.
     */
    ApiClient api(Path dataDir) {
        String server = client.server != null ? client.server : env.getOrDefault("FLOWGATE_SERVER",
                ClientOptions.DEFAULT_SERVER);
        try {
            URI uri = URI.create(server);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException(server);
            }
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("--server must be an http:// or https:// URL, got '" + server + "'");
        }
        if (client.apiKey != null) {
            return new ApiClient(server, client.apiKey.strip(), "--api-key");
        }
        String fromEnv = env.get("FLOWGATE_API_KEY");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new ApiClient(server, fromEnv.strip(), "FLOWGATE_API_KEY");
        }
        Path dir = dataDir != null ? dataDir : Path.of(env.getOrDefault("FLOWGATE_DATA", "data"));
        Path keyFile = dir.resolve("admin.key");
        try {
            return new ApiClient(server, Files.readString(keyFile).strip(), keyFile.toString());
        } catch (IOException e) {
            throw CliFailure.of("no API key: pass --api-key, set FLOWGATE_API_KEY, or run this where "
                    + "./flowgate serve created " + keyFile + " (cannot read it: " + e.getClass().getSimpleName()
                    + ")");
        }
    }

    /** Prints the server's JSON as-is, pretty, for {@code --output json}. */
    void printJson(JsonNode json) {
        try {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether stdout is a terminal. JDK 22+ returns a Console even when redirected and adds
     * {@code isTerminal()}; we compile for 21, so that method is looked up when present.
     */
    static boolean stdoutIsTerminal() {
        var console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = console.getClass().getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** The version in the jar manifest; "dev" when run from classes. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = FlowgateCli.class.getPackage().getImplementationVersion();
            return new String[] {"flowgate " + (v != null ? v : "dev")};
        }
    }
}
