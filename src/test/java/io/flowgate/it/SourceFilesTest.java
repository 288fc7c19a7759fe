package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event sources as files, applied at start as workflow files are: {@code <workflows>/sources/*.yaml|yml|json}, each
 * the body of {@code POST /api/v1/event-sources}. A new file makes a source that consumes; the same file at the next
 * start changes nothing (the source is not restarted); a file that cannot be applied is skipped and the node starts.
 * On SQLite with the suite's NATS.
 */
class SourceFilesTest {
    @TempDir
    Path dir;

    @Test
    void source_files_are_applied_at_start_and_an_unchanged_one_changes_nothing() throws Exception {
        String id = BrokerServers.unique("f");
        String type = "com.test.files." + id;
        try (BrokerClient nats = BrokerClient.of("nats", id)) {
            try (TestServer first = TestServer.sqlite(dir)) {
                Sources sources = new Sources(first.http());
                sources.connection(nats.connection());
                sources.eventWorkflow(id, type);
            }
            Path files = Files.createDirectories(dir.resolve("workflows").resolve("sources"));
            Files.writeString(files.resolve("orders.yaml"), """
                    name: %s
                    connection: %s
                    nats: {stream: FG_%s, subject: "%s.>"}
                    event: {type: %s}
                    """.formatted(id, id, id, id, type));
            Files.writeString(files.resolve("broken.yaml"), """
                    name: %s-broken
                    connection: no-such-connection
                    nats: {stream: S, subject: "x.>"}
                    """.formatted(id));
            Files.writeString(files.resolve("notes.txt"), "not a source file");

            String updatedAt;
            try (TestServer second = TestServer.sqlite(dir)) {
                Sources sources = new Sources(second.http());
                sources.awaitState(id, "connected");
                nats.publish(1);
                sources.awaitRuns(id, 1);
                JsonNode listed = second.http().get("/api/v1/event-sources").json().path("items");
                assertThat(listed.findValuesAsText("name")).containsExactly(id);
                updatedAt = sources.get(id).path("updatedAt").asText();
            }
            try (TestServer third = TestServer.sqlite(dir)) {
                Sources sources = new Sources(third.http());
                assertThat(sources.get(id).path("updatedAt").asText()).isEqualTo(updatedAt);
                sources.awaitState(id, "connected");
                nats.publish(2);
                sources.awaitRuns(id, 2);
                // Through the API, the same body again is no change either.
                Http.Reply same = third.http().postJson("/api/v1/event-sources", Map.of("name", id, "connection", id,
                        "nats", nats.target(), "event", Map.of("type", type)));
                assertThat(same.status()).as(same.toString()).isEqualTo(200);
                assertThat(sources.get(id).path("updatedAt").asText()).isEqualTo(updatedAt);
                sources.delete(id);
            }
        }
    }
}
