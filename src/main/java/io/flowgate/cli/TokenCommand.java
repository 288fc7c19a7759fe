package io.flowgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code flowgate token create|list|revoke WORKFLOW}: a workflow's inbound webhook tokens. */
@Command(name = "token", description = "Create, list or revoke a workflow's webhook tokens.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand implements Callable<Integer> {
    @ParentCommand
    FlowgateCli cli;

    @Override
    public Integer call() {
        cli.out().println("Usage: flowgate token create|list|revoke WORKFLOW [TOKEN_ID]");
        return FlowgateCli.EXIT_USAGE;
    }

    static String tokens(String workflow) {
        return "/api/v1/workflows/" + ApiClient.segment(workflow) + "/webhook/tokens";
    }

    @Command(name = "create", description = "Create a token; it is shown once.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        TokenCommand parent;
        @Mixin
        DataDirOption dir;
        @Parameters(paramLabel = "WORKFLOW", description = "Workflow id")
        String workflow;

        @Override
        public Integer call() {
            FlowgateCli cli = parent.cli;
            JsonNode token = cli.api(dir.dataDir).postJson(tokens(workflow), Json.object());
            if (cli.output() == Output.json) {
                cli.printJson(token);
            } else {
                cli.out().println("created token " + token.path("id").asText() + " for " + workflow
                        + "; it is shown only now:");
                cli.out().println(token.path("token").asText());
            }
            return FlowgateCli.EXIT_OK;
        }
    }

    @Command(name = "list", description = "List tokens (prefix only).")
    static final class ListTokens implements Callable<Integer> {
        @ParentCommand
        TokenCommand parent;
        @Mixin
        DataDirOption dir;
        @Parameters(paramLabel = "WORKFLOW", description = "Workflow id")
        String workflow;

        @Override
        public Integer call() {
            FlowgateCli cli = parent.cli;
            JsonNode answer = cli.api(dir.dataDir).get(tokens(workflow));
            if (cli.output() == Output.json) {
                cli.printJson(answer);
                return FlowgateCli.EXIT_OK;
            }
            Table table = new Table("ID", "PREFIX", "CREATED", "REVOKED");
            for (JsonNode t : answer.path("items")) {
                table.row(t.path("id").asText(), t.path("prefix").asText(), Format.date(t.get("createdAt")),
                        Format.date(t.get("revokedAt")));
            }
            table.lines().forEach(cli.out()::println);
            return FlowgateCli.EXIT_OK;
        }
    }

    @Command(name = "revoke", description = "Revoke a token at once.")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        TokenCommand parent;
        @Mixin
        DataDirOption dir;
        @Parameters(index = "0", paramLabel = "WORKFLOW", description = "Workflow id")
        String workflow;
        @Parameters(index = "1", paramLabel = "TOKEN_ID", description = "Token id (from token list)")
        String tokenId;

        @Override
        public Integer call() {
            parent.cli.api(dir.dataDir).delete(tokens(workflow) + "/" + ApiClient.segment(tokenId));
            parent.cli.out().println("revoked token " + tokenId);
            return FlowgateCli.EXIT_OK;
        }
    }
}
