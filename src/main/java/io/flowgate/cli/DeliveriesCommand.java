package io.flowgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code flowgate deliveries [redeliver ID]}: the outbound webhook delivery log. Lists by default. */
@Command(name = "deliveries", description = "List outbound webhook deliveries, or redeliver one.")
final class DeliveriesCommand implements Callable<Integer> {
    @ParentCommand
    FlowgateCli cli;

    @Mixin
    DataDirOption keyDir;

    @Option(names = "--execution", paramLabel = "ID", description = "Only this execution's deliveries")
    String execution;

    @Option(names = "--workflow", paramLabel = "ID", description = "Only this workflow's deliveries")
    String workflow;

    @Option(names = "--status", paramLabel = "STATUS", description = "pending, delivered or dead")
    String status;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N deliveries (default 50)")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw CliFailure.usage("--limit must be at least 1, got " + limit);
        }
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("executionId", execution);
        query.put("workflowId", workflow);
        query.put("status", status);
        query.put("limit", limit);
        JsonNode answer = cli.api(keyDir.dataDir).get(ApiClient.path("/api/v1/deliveries", query));
        if (cli.output() == Output.json) {
            cli.printJson(answer);
            return FlowgateCli.EXIT_OK;
        }
        Table table = new Table("ID", "EVENT", "STATUS", "ATTEMPTS", "LAST", "EXECUTION", "URL");
        for (JsonNode d : answer.path("items")) {
            table.row(d.path("id").asText(), d.path("event").asText(), d.path("status").asText(),
                    d.path("attempts").asText(), Format.text(d.get("lastStatusCode")), d.path("executionId").asText(),
                    d.path("url").asText());
        }
        table.lines().forEach(cli.out()::println);
        return FlowgateCli.EXIT_OK;
    }

    @Command(name = "redeliver", description = "Send a delivery again now (same webhook-id, fresh retry schedule).")
    int redeliver(@Mixin DataDirOption dir, @Parameters(paramLabel = "ID", description = "Delivery id") String id) {
        JsonNode answer = cli.api(dir.dataDir != null ? dir.dataDir : keyDir.dataDir)
                .postJson("/api/v1/deliveries/" + ApiClient.segment(id) + "/redeliver", Json.object());
        if (cli.output() == Output.json) {
            cli.printJson(answer);
        } else {
            cli.out().println("delivery " + id + " is " + answer.path("status").asText() + " again");
        }
        return FlowgateCli.EXIT_OK;
    }
}
