package io.flowgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code flowgate apply -f FILE|DIR}: saves each workflow file as a new revision. Goes on after a
 * rejected file so that one run reports every problem; exits 1 if any file failed.
 */
@Command(name = "apply", description = "Create or update workflows from *.yaml, *.yml and *.json files.")
final class ApplyCommand implements Callable<Integer> {
    @ParentCommand
    FlowgateCli cli;

    @Mixin
    DataDirOption keyDir;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE|DIR",
            description = "A workflow file, or a directory of them (not recursive); repeatable")
    List<Path> paths;

    @Override
    public Integer call() {
        List<DefinitionFile> files = new ArrayList<>();
        paths.forEach(p -> files.addAll(DefinitionFile.find(p)));
        if (files.isEmpty()) {
            throw CliFailure.of("no *.yaml, *.yml or *.json files in " + paths);
        }
        ApiClient api = cli.api(keyDir.dataDir);
        int failed = 0;
        for (DefinitionFile file : files) {
            ApiClient.Response response = api.send("POST", "/api/v1/workflows", file.contentType(), file.read());
            if (!response.ok()) {
                failed++;
                List<String> lines = api.errorLines(response);
                cli.err().println(lines.getFirst().replaceFirst("^error: ", "error: " + file.path() + ": "));
                lines.stream().skip(1).forEach(cli.err()::println);
                continue;
            }
            if (cli.output() == Output.json) {
                cli.printJson(response.json());
            } else {
                JsonNode doc = response.json();
                cli.out().println((response.status() == 201 ? "created " : "updated ") + doc.path("team").asText()
                        + "/" + doc.path("id").asText() + " revision " + doc.path("revision").asText());
            }
        }
        cli.err().flush();
        return failed == 0 ? FlowgateCli.EXIT_OK : FlowgateCli.EXIT_FAILURE;
    }
}
