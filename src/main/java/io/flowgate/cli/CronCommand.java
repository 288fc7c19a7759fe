package io.flowgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code flowgate cron "EXPR" [--timezone TZ] [--count N]}: the next fire times, as the server computes them. */
@Command(name = "cron", description = "Show the next fire times of a cron expression.")
final class CronCommand implements Callable<Integer> {
    @ParentCommand
    FlowgateCli cli;

    @Mixin
    DataDirOption keyDir;

    @Parameters(paramLabel = "EXPR", description = "5-field Unix, 6/7-field with seconds, or @hourly/@daily/…")
    String expression;

    @Option(names = {"--timezone", "--tz"}, paramLabel = "TZ", description = "IANA time zone (default UTC)")
    String timezone;

    @Option(names = {"-n", "--count"}, paramLabel = "N", description = "How many fire times (default 5)")
    Integer count;

    @Option(names = "--from", paramLabel = "INSTANT", description = "Fire times after this instant (default now)")
    String from;

    @Override
    public Integer call() {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("cron", expression);
        query.put("timezone", timezone == null ? "" : timezone);
        query.put("count", count == null ? "" : count);
        query.put("from", from == null ? "" : from);
        JsonNode answer = cli.api(keyDir.dataDir).get(ApiClient.path("/api/v1/schedules/preview", query));
        if (cli.output() == Output.json) {
            cli.printJson(answer);
        } else {
            answer.path("next").forEach(t -> cli.out().println(t.asText()));
        }
        return FlowgateCli.EXIT_OK;
    }
}
