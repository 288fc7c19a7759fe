package io.flowgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code flowgate status ID [--watch]}: an execution's steps, once or live until it ends. Without an ID: the
 * server's backlog (executions not yet finished, as {@code flowgate_queue_depth}) and its live nodes.
 */
@Command(name = "status", description = "Show an execution and its steps; without ID, the server's backlog and nodes.")
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    FlowgateCli cli;

    @Mixin
    DataDirOption keyDir;

    @Parameters(paramLabel = "ID", arity = "0..1", description = "Execution (activity) id; none: the server's backlog")
    String id;

    @Option(names = {"-w", "--watch"}, description = "Update live until the execution ends; exit 1 unless it completed")
    boolean watch;

    @Override
    public Integer call() {
        if (id == null) {
            if (watch) {
                throw CliFailure.usage("status --watch needs an execution ID");
            }
            return server(cli.api(keyDir.dataDir));
        }
        ApiClient api = cli.api(keyDir.dataDir);
        if (watch) {
            LiveStatus view = new LiveStatus(cli.out(), cli.terminal(), cli.output());
            JsonNode last = new StatusWatcher(api, view).follow(id);
            return StatusView.completed(last) ? FlowgateCli.EXIT_OK : FlowgateCli.EXIT_FAILURE;
        }
        JsonNode doc = api.get("/api/v1/executions/" + ApiClient.segment(id));
        if (cli.output() == Output.json) {
            cli.printJson(doc);
        } else {
            StatusView.lines(doc).forEach(cli.out()::println);
        }
        return FlowgateCli.EXIT_OK;
    }

    /** The backlog and the nodes, from {@code GET /api/v1/cluster}. */
    private int server(ApiClient api) {
        JsonNode answer = api.get("/api/v1/cluster");
        if (cli.output() == Output.json) {
            cli.printJson(answer);
            return FlowgateCli.EXIT_OK;
        }
        JsonNode depth = answer.get("queueDepth");
        cli.out().println("queue depth  " + (depth == null ? "-" : depth.asLong() + " executions not yet finished"
                + " (queued, running or waiting)"));
        java.util.List<String> alive = new java.util.ArrayList<>();
        int all = 0;
        for (JsonNode n : answer.path("nodes")) {
            all++;
            if (n.path("alive").asBoolean()) {
                alive.add(n.path("id").asText());
            }
        }
        cli.out().println("nodes        " + alive.size() + " alive of " + all
                + (alive.isEmpty() ? "" : " (" + String.join(", ", alive) + ")"));
        return FlowgateCli.EXIT_OK;
    }
}
