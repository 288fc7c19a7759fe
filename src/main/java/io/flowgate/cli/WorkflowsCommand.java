package io.flowgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.flowgate.core.Json;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code flowgate workflows}: the workflows the key can see. */
@Command(name = "workflows", description = "List workflows.")
final class WorkflowsCommand implements Callable<Integer> {
    @ParentCommand
    FlowgateCli cli;

    @Mixin
    DataDirOption keyDir;

    @Option(names = {"-q", "--search"}, paramLabel = "TEXT", description = "Only workflows whose id or name contains TEXT")
    String search;

    @Override
    public Integer call() {
        ArrayNode items = allPages(cli.api(keyDir.dataDir));
        if (cli.output() == Output.json) {
            cli.printJson(Json.MAPPER.createObjectNode().set("items", items));
            return FlowgateCli.EXIT_OK;
        }
        Table table = new Table("TEAM", "ID", "NAME", "REVISION", "UPDATED");
        for (JsonNode w : items) {
            table.row(w.path("team").asText(), w.path("id").asText(), Format.text(w.get("name")),
                    w.path("revision").asText(), Format.date(w.get("updatedAt")));
        }
        table.lines().forEach(cli.out()::println);
        return FlowgateCli.EXIT_OK;
    }

    /** The server pages its list (100 a page); a listing shows every workflow, so follow {@code next}. */
    private ArrayNode allPages(ApiClient api) {
        ArrayNode items = Json.MAPPER.createArrayNode();
        String cursor = "";
        do {
            JsonNode page = api.get(ApiClient.path("/api/v1/workflows",
                    Map.of("team", nz(cli.team()), "q", nz(search), "cursor", cursor)));
            page.path("items").forEach(items::add);
            cursor = page.path("next").asText("");
        } while (!cursor.isEmpty());
        return items;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
