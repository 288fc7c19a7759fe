package io.flowgate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code flowgate run WORKFLOW}: starts the latest revision and prints the activityId; with
 * {@code --wait} follows it like {@code status --watch} and exits 0 only when it completed.
 */
@Command(name = "run", description = "Start a workflow (manual trigger).")
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    FlowgateCli cli;

    @Parameters(paramLabel = "WORKFLOW", description = "Workflow id")
    String workflow;

    @Option(names = "--input", paramLabel = "KEY=VALUE", description = "An input (a string); repeatable; applied over --data")
    Map<String, String> inputs = new LinkedHashMap<>();

    @Option(names = "--data", paramLabel = "@FILE|JSON", description = "Inputs as a JSON object, inline or @file.json")
    String data;

    @Option(names = "--wait", description = "Follow the execution to its end; exit 1 unless it completed")
    boolean waitForEnd;

    @Override
    public Integer call() {
        ObjectNode body = Json.object();
        body.set("inputs", inputs());
        ApiClient api = cli.api(null);
        String path = ApiClient.path("/api/v1/workflows/" + ApiClient.segment(workflow) + "/executions",
                Map.of("team", cli.team() == null ? "" : cli.team()));
        JsonNode started = api.postJson(path, body);
        String activityId = started.path("activityId").asText(started.path("id").asText());
        if (!waitForEnd) {
            if (cli.output() == Output.json) {
                cli.printJson(started);
            } else {
                cli.out().println(activityId);
            }
            return FlowgateCli.EXIT_OK;
        }
        if (cli.output() != Output.json) {
            cli.out().println(activityId);
        }
        LiveStatus view = new LiveStatus(cli.out(), cli.terminal(), cli.output());
        JsonNode last = new StatusWatcher(api, view).follow(activityId);
        return StatusView.completed(last) ? FlowgateCli.EXIT_OK : FlowgateCli.EXIT_FAILURE;
    }

    private ObjectNode inputs() {
        ObjectNode result = Json.object();
        if (data != null) {
            JsonNode parsed = parseData();
            if (!parsed.isObject()) {
                throw CliFailure.usage("--data must be a JSON object, got " + parsed.getNodeType().name().toLowerCase());
            }
            result.setAll((ObjectNode) parsed);
        }
        inputs.forEach(result::put);
        return result;
    }

    private JsonNode parseData() {
        String text = data;
        if (data.startsWith("@")) {
            Path file = Path.of(data.substring(1));
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw CliFailure.usage("--data " + data + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw CliFailure.usage("--data is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
