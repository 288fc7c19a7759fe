package io.flowgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Json;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code flowgate keys [create | revoke]}: API keys (admin only). Lists them by default. */
@Command(name = "keys", description = "List, create or revoke API keys (needs an admin key).")
final class KeysCommand implements Callable<Integer> {
    @ParentCommand
    FlowgateCli cli;

    @Mixin
    DataDirOption keyDir;

    @Override
    public Integer call() {
        JsonNode answer = cli.api(keyDir.dataDir).get("/api/v1/keys");
        if (cli.output() == Output.json) {
            cli.printJson(answer);
            return FlowgateCli.EXIT_OK;
        }
        Table table = new Table("ID", "NAME", "ROLE", "TEAMS", "PREFIX", "CREATED", "REVOKED");
        for (JsonNode k : answer.path("items")) {
            table.row(k.path("id").asText(), k.path("name").asText(), k.path("role").asText(), teams(k),
                    k.path("prefix").asText(), Format.date(k.get("createdAt")), Format.date(k.get("revokedAt")));
        }
        table.lines().forEach(cli.out()::println);
        return FlowgateCli.EXIT_OK;
    }

    @Command(name = "create", description = "Create a key; it is shown once.")
    int create(@Mixin DataDirOption dir,
            @Option(names = "--name", required = true, paramLabel = "NAME", description = "What the key is for") String name,
            @Option(names = "--role", required = true, paramLabel = "ROLE", description = "admin, editor, operator or viewer")
            String role,
            @Option(names = "--teams", split = ",", paramLabel = "TEAM,…", description = "Teams the key may act in (default: all)")
            List<String> teams) {
        ObjectNode body = Json.object().put("name", name).put("role", role);
        var array = body.putArray("teams");
        if (teams != null) {
            teams.forEach(array::add);
        }
        JsonNode key = cli.api(dataDir(dir)).postJson("/api/v1/keys", body);
        if (cli.output() == Output.json) {
            cli.printJson(key);
        } else {
            cli.out().println("created key " + key.path("id").asText() + " (" + key.path("role").asText() + ", teams "
                    + teams(key) + "); it is shown only now:");
            cli.out().println(key.path("key").asText());
        }
        return FlowgateCli.EXIT_OK;
    }

    @Command(name = "revoke", description = "Revoke a key at once.")
    int revoke(@Mixin DataDirOption dir, @Parameters(paramLabel = "ID", description = "Key id") String id) {
        cli.api(dataDir(dir)).delete("/api/v1/keys/" + ApiClient.segment(id));
        cli.out().println("revoked key " + id);
        return FlowgateCli.EXIT_OK;
    }

    private java.nio.file.Path dataDir(DataDirOption dir) {
        return dir.dataDir != null ? dir.dataDir : keyDir.dataDir;
    }

    private static String teams(JsonNode key) {
        List<String> names = new java.util.ArrayList<>();
        key.path("teams").forEach(t -> names.add(t.asText()));
        return names.isEmpty() ? "all" : String.join(",", names);
    }
}
