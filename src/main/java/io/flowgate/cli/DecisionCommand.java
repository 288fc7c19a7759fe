package io.flowgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code flowgate approve|reject ID STEP [--comment TEXT]}: decides a waiting approval step. */
abstract class DecisionCommand implements Callable<Integer> {
    @ParentCommand
    FlowgateCli cli;
    @Mixin
    DataDirOption dir;
    @Parameters(index = "0", paramLabel = "ID", description = "Execution (activity) id")
    String id;
    @Parameters(index = "1", paramLabel = "STEP", description = "The approval step's id")
    String step;
    @Option(names = "--comment", paramLabel = "TEXT", description = "A comment kept with the decision")
    String comment;

    abstract String verb();

    @Override
    public Integer call() {
        ObjectNode body = Json.object();
        if (comment != null) {
            body.put("comment", comment);
        }
        JsonNode decision = cli.api(dir.dataDir).postJson("/api/v1/executions/" + ApiClient.segment(id) + "/steps/"
                + ApiClient.segment(step) + "/" + verb(), body);
        if (cli.output() == Output.json) {
            cli.printJson(decision);
        } else {
            cli.out().println("step " + step + " of " + id + " " + decision.path("decision").asText() + " by "
                    + decision.path("by").asText());
        }
        return FlowgateCli.EXIT_OK;
    }

    @Command(name = "approve", description = "Approve a waiting approval step.")
    static final class Approve extends DecisionCommand {
        @Override
        String verb() {
            return "approve";
        }
    }

    @Command(name = "reject", description = "Reject a waiting approval step.")
    static final class Reject extends DecisionCommand {
        @Override
        String verb() {
            return "reject";
        }
    }
}
