package io.flowgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code flowgate validate FILE}: asks the server whether a definition would be accepted. */
@Command(name = "validate", description = "Check a workflow file without saving it; exit 1 when invalid.")
final class ValidateCommand implements Callable<Integer> {
    @ParentCommand
    FlowgateCli cli;

    @Mixin
    DataDirOption keyDir;

    @Parameters(paramLabel = "FILE", description = "A workflow file (*.yaml, *.yml or *.json)")
    Path file;

    @Override
    public Integer call() {
        DefinitionFile definition = DefinitionFile.of(file);
        byte[] body = definition.read();
        ApiClient api = cli.api(keyDir.dataDir);
        JsonNode answer = api.orThrow(api.send("POST", "/api/v1/workflows/validate", definition.contentType(), body))
                .json();
        boolean valid = answer != null && answer.path("valid").asBoolean(false);
        if (cli.output() == Output.json) {
            cli.printJson(answer);
        } else if (valid) {
            cli.out().println("valid");
        } else {
            cli.out().println("invalid: " + file);
            for (JsonNode problem : answer.path("problems")) {
                cli.out().println("  " + problem.path("path").asText() + ": " + problem.path("message").asText());
            }
        }
        return valid ? FlowgateCli.EXIT_OK : FlowgateCli.EXIT_FAILURE;
    }
}
