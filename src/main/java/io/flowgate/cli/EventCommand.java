package io.flowgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code flowgate event send --type T [--source S] [--subject X] [--id ID] [--data JSON|@file.json]}. */
@Command(name = "event", description = "Send a CloudEvent to the server's event intake.",
        subcommands = {EventCommand.Send.class})
final class EventCommand implements Callable<Integer> {
    static final String DEFAULT_SOURCE = "/flowgate/cli";

    @ParentCommand
    FlowgateCli cli;

    @Override
    public Integer call() {
        cli.out().println("Usage: flowgate event send --type T [--source S] [--subject X] [--data JSON|@file.json]");
        return FlowgateCli.EXIT_USAGE;
    }

    @Command(name = "send", description = "Send one event (structured mode); durable when this returns.")
    static final class Send implements Callable<Integer> {
        @ParentCommand
        EventCommand parent;
        @Option(names = "--type", required = true, paramLabel = "TYPE", description = "CloudEvents type")
        String type;
        @Option(names = "--source", paramLabel = "SOURCE", description = "CloudEvents source (default "
                + DEFAULT_SOURCE + ")")
        String source = DEFAULT_SOURCE;
        @Option(names = "--subject", paramLabel = "SUBJECT", description = "CloudEvents subject")
        String subject;
        @Option(names = "--id", paramLabel = "ID", description = "Event id (default: a random UUID); a repeated"
                + " source and id is acknowledged and not processed again")
        String id;
        @Option(names = "--data", paramLabel = "JSON|@FILE", description = "The data, inline JSON or @file.json")
        String data;

        @Override
        public Integer call() {
            FlowgateCli cli = parent.cli;
            ObjectNode event = Json.object();
            event.put("specversion", "1.0");
            event.put("id", id == null ? UUID.randomUUID().toString() : id);
            event.put("source", source);
            event.put("type", type);
            if (subject != null) {
                event.put("subject", subject);
            }
            if (data != null) {
                event.put("datacontenttype", "application/json");
                event.set("data", JsonArg.read("--data", data));
            }
            ApiClient api = cli.api(null); // --data is the event's data here, as for run: no data-dir option
            JsonNode answer = api.orThrow(api.send("POST", "/api/v1/events", "application/cloudevents+json",
                    Json.write(event).getBytes(StandardCharsets.UTF_8))).json();
            if (cli.output() == Output.json) {
                cli.printJson(answer);
            } else {
                cli.out().println("sent event " + event.path("id").asText() + " (" + type + ")");
            }
            return FlowgateCli.EXIT_OK;
        }
    }
}
