package io.flowgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code flowgate cancel ID}: stops an execution; its running step is cancelled. */
@Command(name = "cancel", description = "Cancel a running or waiting execution.")
final class CancelCommand implements Callable<Integer> {
    @ParentCommand
    FlowgateCli cli;

    @Mixin
    DataDirOption keyDir;

    @Parameters(paramLabel = "ID", description = "Execution (activity) id")
    String id;

    @Override
    public Integer call() {
        JsonNode doc = cli.api(keyDir.dataDir)
                .postJson("/api/v1/executions/" + ApiClient.segment(id) + "/cancel", Json.object());
        if (cli.output() == Output.json) {
            cli.printJson(doc);
        } else {
            cli.out().println("execution " + id + " " + doc.path("status").asText("cancelled"));
        }
        return FlowgateCli.EXIT_OK;
    }
}
