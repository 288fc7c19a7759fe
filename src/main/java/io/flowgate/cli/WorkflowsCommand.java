package io.flowgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
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
        JsonNode answer = cli.api(keyDir.dataDir)
                .get(ApiClient.path("/api/v1/workflows", Map.of("team", nz(cli.team()), "q", nz(search))));
        if (cli.output() == Output.json) {
            cli.printJson(answer);
            return FlowgateCli.EXIT_OK;
        }
        Table table = new Table("TEAM", "ID", "NAME", "REVISION", "UPDATED");
        for (JsonNode w : answer.path("items")) {
            table.row(w.path("team").asText(), w.path("id").asText(), Format.text(w.get("name")),
                    w.path("revision").asText(), Format.date(w.get("updatedAt")));
        }
        table.lines().forEach(cli.out()::println);
        return FlowgateCli.EXIT_OK;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
