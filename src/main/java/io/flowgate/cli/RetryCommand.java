package io.flowgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code flowgate retry ID [--step S]}: runs a failed or cancelled execution again from a step. */
@Command(name = "retry", description = "Retry a failed or cancelled execution, from its failed step or from --step.")
final class RetryCommand implements Callable<Integer> {
    @ParentCommand
    FlowgateCli cli;

    @Mixin
    DataDirOption keyDir;

    @Parameters(paramLabel = "ID", description = "Execution (activity) id")
    String id;

    @Option(names = "--step", paramLabel = "STEP", description = "Step id to retry from (default: the failed step)")
    String step;

    @Override
    public Integer call() {
        ObjectNode body = Json.object();
        if (step != null) {
            body.put("stepId", step);
        }
        JsonNode doc = cli.api(keyDir.dataDir).postJson("/api/v1/executions/" + ApiClient.segment(id) + "/retry", body);
        if (cli.output() == Output.json) {
            cli.printJson(doc);
        } else {
            cli.out().println("retrying execution " + id + (step != null ? " from step " + step : "")
                    + ": " + doc.path("status").asText());
        }
        return FlowgateCli.EXIT_OK;
    }
}
