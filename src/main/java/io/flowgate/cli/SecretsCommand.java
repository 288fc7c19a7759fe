package io.flowgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code flowgate secrets [set | delete]}: secret names (values are never shown). Lists by default. */
@Command(name = "secrets", description = "List, set or delete secrets used as {{ secrets.NAME }}.")
final class SecretsCommand implements Callable<Integer> {
    @ParentCommand
    FlowgateCli cli;

    @Mixin
    DataDirOption keyDir;

    @Override
    public Integer call() {
        JsonNode answer = cli.api(keyDir.dataDir).get("/api/v1/secrets");
        if (cli.output() == Output.json) {
            cli.printJson(answer);
            return FlowgateCli.EXIT_OK;
        }
        Table table = new Table("NAME", "CREATED", "UPDATED");
        for (JsonNode s : answer.path("items")) {
            table.row(s.path("name").asText(), Format.date(s.get("createdAt")), Format.date(s.get("updatedAt")));
        }
        table.lines().forEach(cli.out()::println);
        return FlowgateCli.EXIT_OK;
    }

    @Command(name = "set", description = "Create or replace a secret.")
    int set(@Mixin DataDirOption dir, @Parameters(index = "0", paramLabel = "NAME") String name,
            @Parameters(index = "1", arity = "0..1", paramLabel = "VALUE", description = "The value") String value,
            @Option(names = "--value-file", paramLabel = "FILE",
                    description = "Read the value from FILE instead (keeps it out of shell history; one trailing newline dropped)")
            Path valueFile) {
        if ((value == null) == (valueFile == null)) {
            throw CliFailure.usage("secrets set needs exactly one of VALUE or --value-file");
        }
        ObjectNode body = Json.object().put("name", name).put("value", value != null ? value : read(valueFile));
        JsonNode answer = cli.api(dataDir(dir)).postJson("/api/v1/secrets", body);
        if (cli.output() == Output.json) {
            cli.printJson(answer);
        } else {
            cli.out().println("saved secret " + name);
        }
        return FlowgateCli.EXIT_OK;
    }

    @Command(name = "delete", description = "Delete a secret.")
    int delete(@Mixin DataDirOption dir, @Parameters(paramLabel = "NAME") String name) {
        cli.api(dataDir(dir)).delete("/api/v1/secrets/" + ApiClient.segment(name));
        cli.out().println("deleted secret " + name);
        return FlowgateCli.EXIT_OK;
    }

    private static String read(Path valueFile) {
        try {
            String text = Files.readString(valueFile);
            return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        } catch (IOException e) {
            throw CliFailure.usage("--value-file: cannot read " + valueFile + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private Path dataDir(DataDirOption dir) {
        return dir.dataDir != null ? dir.dataDir : keyDir.dataDir;
    }
}
