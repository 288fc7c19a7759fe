package io.flowgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code flowgate cluster}: the nodes sharing the server's database, whether each is alive, how long ago it
 * last beat (by this machine's clock) and what its current life holds; then the backlog (executions not yet
 * finished, cluster-wide).
 */
@Command(name = "cluster", description = "List the cluster's nodes: alive, last heartbeat, work held.")
final class ClusterCommand implements Callable<Integer> {
    @ParentCommand
    FlowgateCli cli;

    @Mixin
    DataDirOption keyDir;

    @Option(names = "--json", description = "Print the server's answer as JSON (same as --output json)")
    boolean json;

    @Override
    public Integer call() {
        JsonNode answer = cli.api(keyDir.dataDir).get("/api/v1/cluster");
        if (json || cli.output() == Output.json) {
            cli.printJson(answer);
            return FlowgateCli.EXIT_OK;
        }
        Instant now = Clock.systemUTC().instant(); // the age is read by this machine's clock: skew shows in it
        Table table = new Table("ID", "ADDRESS", "ALIVE", "HEARTBEAT", "EXECUTIONS", "TIMERS", "DELIVERIES");
        for (JsonNode n : answer.path("nodes")) {
            JsonNode held = n.path("held");
            table.row(n.path("id").asText(), Format.text(n.get("address")), n.path("alive").asBoolean() ? "yes" : "no",
                    age(n.get("lastHeartbeat"), now), held.path("executions").asLong(), held.path("timers").asLong(),
                    held.path("deliveries").asLong());
        }
        table.lines().forEach(cli.out()::println);
        if (answer.has("queueDepth")) {
            cli.out().println("queue depth: " + answer.get("queueDepth").asLong() + " executions not yet finished");
        }
        return FlowgateCli.EXIT_OK;
    }

    /** "2.1s ago", "3m07s ago"; the raw value when it is not an instant. */
    static String age(JsonNode lastHeartbeat, Instant now) {
        String text = Format.text(lastHeartbeat);
        try {
            Duration ago = Duration.between(Instant.parse(text), now);
            return ago.isNegative() ? "just now" : Format.duration(ago.toMillis()) + " ago";
        } catch (DateTimeParseException e) {
            return text;
        }
    }
}
