package io.flowgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code flowgate executions}: recent executions, newest first. */
@Command(name = "executions", description = "List executions, newest first.")
final class ExecutionsCommand implements Callable<Integer> {
    @ParentCommand
    FlowgateCli cli;

    @Mixin
    DataDirOption keyDir;

    @Option(names = "--workflow", paramLabel = "ID", description = "Only this workflow's executions")
    String workflow;

    @Option(names = "--status", paramLabel = "STATUS", description = "notstarted, inProgress, waiting, completed, failure or cancelled")
    String status;

    @Option(names = "--trigger", paramLabel = "TRIGGER", description = "manual, webhook, schedule or event")
    String trigger;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N executions (default 20)")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw CliFailure.usage("--limit must be at least 1, got " + limit);
        }
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("workflowId", workflow);
        query.put("status", status);
        query.put("trigger", trigger);
        query.put("limit", limit);
        JsonNode answer = cli.api(keyDir.dataDir).get(ApiClient.path("/api/v1/executions", query));
        if (cli.output() == Output.json) {
            cli.printJson(answer);
            return FlowgateCli.EXIT_OK;
        }
        Table table = new Table("ID", "WORKFLOW", "REVISION", "STATUS", "TRIGGER", "CREATED", "DURATION");
        for (JsonNode e : answer.path("items")) {
            table.row(e.path("id").asText(), e.path("workflowId").asText(),
                    e.path("revision").asText(e.path("workflowRevisionid").asText("-")), e.path("status").asText(),
                    Format.text(e.get("trigger")), Format.date(e.get("creationDate")),
                    Format.duration(e.path("duration").asLong()));
        }
        table.lines().forEach(cli.out()::println);
        return FlowgateCli.EXIT_OK;
    }
}
