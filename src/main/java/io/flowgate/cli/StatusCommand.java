package io.flowgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code flowgate status ID [--watch]}: an execution's steps, once or live until it ends. */
@Command(name = "status", description = "Show an execution and its steps.")
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    FlowgateCli cli;

    @Mixin
    DataDirOption keyDir;

    @Parameters(paramLabel = "ID", description = "Execution (activity) id")
    String id;

    @Option(names = {"-w", "--watch"}, description = "Update live until the execution ends; exit 1 unless it completed")
    boolean watch;

    @Override
    public Integer call() {
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
}
