package io.flowgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Json;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code flowgate source [list | create | delete]}: event sources reading from broker connections. */
@Command(name = "source", aliases = "sources", description = "List, create or delete event sources on brokers.")
final class SourceCommand implements Callable<Integer> {
    @ParentCommand
    FlowgateCli cli;

    @Mixin
    DataDirOption keyDir;

    @Override
    public Integer call() {
        return list(keyDir);
    }

    @Command(name = "list", description = "List event sources with their state on the server's node.")
    int list(@Mixin DataDirOption dir) {
        JsonNode answer = cli.api(dataDir(dir)).get("/api/v1/event-sources");
        if (cli.output() == Output.json) {
            cli.printJson(answer);
            return FlowgateCli.EXIT_OK;
        }
        Table table = new Table("NAME", "CONNECTION", "KIND", "STATE", "PENDING", "MESSAGES", "LAST MESSAGE",
                "LAST ERROR");
        for (JsonNode s : answer.path("items")) {
            table.row(s.path("name").asText(), s.path("connection").asText(), s.path("kind").asText(),
                    s.path("state").asText(), s.path("pending").isNull() ? "-" : s.path("pending").asText(),
                    s.path("messages").asText(), Format.date(s.get("lastMessageAt")),
                    s.path("lastError").isNull() ? "" : s.path("lastError").asText());
        }
        table.lines().forEach(cli.out()::println);
        return FlowgateCli.EXIT_OK;
    }

    @Command(name = "create", description = "Create or replace an event source.")
    int create(@Mixin DataDirOption dir, @Parameters(index = "0", paramLabel = "NAME") String name,
               @Option(names = "--connection", required = true, paramLabel = "CONNECTION") String connection,
               @Option(names = "--stream", description = "NATS: the JetStream stream") String stream,
               @Option(names = "--subject", description = "NATS: the subject filter") String subject,
               @Option(names = "--durable", description = "NATS: the durable consumer (default flowgate-NAME)")
               String durable,
               @Option(names = "--queue", description = "AMQP: the queue") String queue,
               @Option(names = "--declare", description = "AMQP: declare the queue (durable) if missing")
               boolean declare,
               @Option(names = "--topic", description = "MQTT: the topic filter") String topic,
               @Option(names = "--shared", description = "MQTT: a shared subscription ($share/…), so every node takes a share "
                       + "(without it one node at a time consumes, by lease)")
               boolean shared,
               @Option(names = "--type", description = "type of events made from plain messages") String type,
               @Option(names = "--event-source", paramLabel = "SOURCE",
                       description = "source of events made from plain messages") String eventSource) {
        ObjectNode body = Json.object().put("name", name).put("connection", connection);
        int kinds = (stream != null || subject != null ? 1 : 0) + (queue != null ? 1 : 0) + (topic != null ? 1 : 0);
        if (kinds != 1) {
            throw CliFailure.usage("source create needs one of --stream/--subject (NATS), --queue (AMQP) or "
                    + "--topic (MQTT)");
        }
        if (queue != null) {
            body.putObject("amqp").put("queue", queue).put("declare", declare);
        } else if (topic != null) {
            body.putObject("mqtt").put("topic", topic).put("qos", 1).put("shared", shared);
        } else {
            ObjectNode nats = body.putObject("nats");
            nats.put("stream", stream);
            nats.put("subject", subject);
            if (durable != null) {
                nats.put("durable", durable);
            }
        }
        if (type != null || eventSource != null) {
            ObjectNode event = body.putObject("event");
            if (type != null) {
                event.put("type", type);
            }
            if (eventSource != null) {
                event.put("source", eventSource);
            }
        }
        JsonNode answer = cli.api(dataDir(dir)).postJson("/api/v1/event-sources", body);
        if (cli.output() == Output.json) {
            cli.printJson(answer);
        } else {
            cli.out().println("saved event source " + name + " (" + answer.path("kind").asText() + " on "
                    + connection + ")");
        }
        return FlowgateCli.EXIT_OK;
    }

    @Command(name = "delete", description = "Delete an event source (its broker-side consumer or queue is kept).")
    int delete(@Mixin DataDirOption dir, @Parameters(paramLabel = "NAME") String name) {
        cli.api(dataDir(dir)).delete("/api/v1/event-sources/" + ApiClient.segment(name));
        cli.out().println("deleted event source " + name);
        return FlowgateCli.EXIT_OK;
    }

    private Path dataDir(DataDirOption dir) {
        return dir.dataDir != null ? dir.dataDir : keyDir.dataDir;
    }
}
