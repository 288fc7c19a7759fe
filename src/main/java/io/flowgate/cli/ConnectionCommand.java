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

/** {@code flowgate connection [list | create | test | delete]}: broker connections (passwords never shown). */
@Command(name = "connection", aliases = "connections",
        description = "List, create, test or delete broker connections (nats, amqp, mqtt).")
final class ConnectionCommand implements Callable<Integer> {
    @ParentCommand
    FlowgateCli cli;

    @Mixin
    DataDirOption keyDir;

    @Override
    public Integer call() {
        return list(keyDir);
    }

    @Command(name = "list", description = "List connections.")
    int list(@Mixin DataDirOption dir) {
        JsonNode answer = cli.api(dataDir(dir)).get("/api/v1/connections");
        if (cli.output() == Output.json) {
            cli.printJson(answer);
            return FlowgateCli.EXIT_OK;
        }
        Table table = new Table("NAME", "KIND", "URL", "CREDENTIALS", "UPDATED");
        for (JsonNode c : answer.path("items")) {
            table.row(c.path("name").asText(), c.path("kind").asText(), c.path("url").asText(),
                    c.path("hasCredentials").asBoolean() ? "yes" : "no", Format.date(c.get("updatedAt")));
        }
        table.lines().forEach(cli.out()::println);
        return FlowgateCli.EXIT_OK;
    }

    @Command(name = "create", description = "Create or replace a connection.")
    int create(@Mixin DataDirOption dir, @Parameters(index = "0", paramLabel = "NAME") String name,
               @Option(names = "--kind", required = true, paramLabel = "nats|amqp|mqtt") String kind,
               @Option(names = "--url", required = true, paramLabel = "URL") String url,
               @Option(names = "--username", paramLabel = "USER") String username,
               @Option(names = "--password-file", paramLabel = "FILE",
                       description = "Read the password from FILE (keeps it out of shell history)") Path passwordFile,
               @Option(names = "--password-env", paramLabel = "VAR",
                       description = "Read the password from environment variable VAR") String passwordEnv) {
        if (passwordFile != null && passwordEnv != null) {
            throw CliFailure.usage("connection create takes at most one of --password-file and --password-env");
        }
        ObjectNode body = Json.object().put("name", name).put("kind", kind).put("url", url);
        if (username != null) {
            body.put("username", username);
        }
        String password = passwordFile != null ? read(passwordFile) : passwordEnv != null ? env(passwordEnv) : null;
        if (password != null) {
            body.put("password", password);
        }
        JsonNode answer = cli.api(dataDir(dir)).postJson("/api/v1/connections", body);
        if (cli.output() == Output.json) {
            cli.printJson(answer);
        } else {
            cli.out().println("saved connection " + name + " (" + answer.path("kind").asText() + " "
                    + answer.path("url").asText() + ")");
        }
        return FlowgateCli.EXIT_OK;
    }

    @Command(name = "test", description = "Connect with the stored settings and say whether it works.")
    int test(@Mixin DataDirOption dir, @Parameters(paramLabel = "NAME") String name) {
        JsonNode answer = cli.api(dataDir(dir)).postJson("/api/v1/connections/" + ApiClient.segment(name) + "/test",
                Json.object());
        if (cli.output() == Output.json) {
            cli.printJson(answer);
        } else if (answer.path("ok").asBoolean()) {
            cli.out().println("connection " + name + ": ok");
        } else {
            cli.out().println("connection " + name + ": failed: " + answer.path("error").asText());
        }
        return answer.path("ok").asBoolean() ? FlowgateCli.EXIT_OK : FlowgateCli.EXIT_FAILURE;
    }

    @Command(name = "delete", description = "Delete a connection no event source uses.")
    int delete(@Mixin DataDirOption dir, @Parameters(paramLabel = "NAME") String name) {
        cli.api(dataDir(dir)).delete("/api/v1/connections/" + ApiClient.segment(name));
        cli.out().println("deleted connection " + name);
        return FlowgateCli.EXIT_OK;
    }

    private static String read(Path file) {
        try {
            String text = Files.readString(file);
            return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        } catch (IOException e) {
            throw CliFailure.usage("--password-file: cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String env(String name) {
        String v = System.getenv(name);
        if (v == null) {
            throw CliFailure.usage("--password-env: environment variable " + name + " is not set");
        }
        return v;
    }

    private Path dataDir(DataDirOption dir) {
        return dir.dataDir != null ? dir.dataDir : keyDir.dataDir;
    }
}
