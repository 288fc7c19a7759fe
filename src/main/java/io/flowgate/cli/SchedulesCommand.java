package io.flowgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Json;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code flowgate schedules [pause | resume | backfill]}: lists schedules by default. */
@Command(name = "schedules", description = "List, pause, resume or backfill schedules.")
final class SchedulesCommand implements Callable<Integer> {
    @ParentCommand
    FlowgateCli cli;

    @Mixin
    DataDirOption keyDir;

    @Option(names = {"-w", "--workflow"}, paramLabel = "WORKFLOW", description = "Only this workflow's schedules")
    String workflow;

    @Override
    public Integer call() {
        JsonNode answer = cli.api(keyDir.dataDir).get(ApiClient.path("/api/v1/schedules",
                Map.of("workflowId", workflow == null ? "" : workflow)));
        if (cli.output() == Output.json) {
            cli.printJson(answer);
            return FlowgateCli.EXIT_OK;
        }
        Table table = new Table("ID", "WHEN", "TIMEZONE", "STATE", "NEXT", "LAST", "LATENESS", "MISSED", "SKIPPED");
        for (JsonNode s : answer.path("items")) {
            String when = s.hasNonNull("cron") ? s.get("cron").asText() : "at " + s.path("at").asText();
            table.row(s.path("id").asText(), when, s.path("timezone").asText(),
                    s.path("paused").asBoolean() ? "paused" : "active", text(s.get("nextFireAt")),
                    text(s.get("lastScheduledTime")),
                    s.hasNonNull("lastLatenessMs") ? s.get("lastLatenessMs").asLong() + " ms" : null,
                    s.path("missed").asLong(), s.path("skipped").asLong());
        }
        table.lines().forEach(cli.out()::println);
        return FlowgateCli.EXIT_OK;
    }

    @Command(name = "pause", description = "Pause a schedule: its slots are not run until it is resumed.")
    int pause(@Mixin DataDirOption dir, @Parameters(paramLabel = "ID", description = "Schedule id (team:workflow:index)")
            String id) {
        return change(dir, id, "pause", "paused");
    }

    @Command(name = "resume", description = "Resume a paused schedule from now.")
    int resume(@Mixin DataDirOption dir, @Parameters(paramLabel = "ID", description = "Schedule id (team:workflow:index)")
            String id) {
        return change(dir, id, "resume", "resumed");
    }

    @Command(name = "backfill", description = "Run every slot of a range once (slots already run are not repeated).")
    int backfill(@Mixin DataDirOption dir,
            @Parameters(paramLabel = "ID", description = "Schedule id (team:workflow:index)") String id,
            @Option(names = "--from", required = true, paramLabel = "INSTANT", description = "Range start") String from,
            @Option(names = "--to", required = true, paramLabel = "INSTANT", description = "Range end (inclusive)")
            String to) {
        JsonNode answer = cli.api(dataDir(dir)).postJson("/api/v1/schedules/" + ApiClient.segment(id) + "/backfill",
                Json.object().put("from", from).put("to", to));
        if (cli.output() == Output.json) {
            cli.printJson(answer);
        } else {
            cli.out().println("schedule " + id + ": started " + answer.path("started").asInt() + " run(s), "
                    + answer.path("alreadyFired").asInt() + " slot(s) had already run");
        }
        return FlowgateCli.EXIT_OK;
    }

    private int change(DataDirOption dir, String id, String action, String done) {
        JsonNode s = cli.api(dataDir(dir)).postJson("/api/v1/schedules/" + ApiClient.segment(id) + "/" + action,
                Json.object());
        if (cli.output() == Output.json) {
            cli.printJson(s);
        } else {
            cli.out().println("schedule " + id + " " + done + "; next fire " + text(s.get("nextFireAt")));
        }
        return FlowgateCli.EXIT_OK;
    }

    private java.nio.file.Path dataDir(DataDirOption dir) {
        return dir.dataDir != null ? dir.dataDir : keyDir.dataDir;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "-" : node.asText();
    }
}
