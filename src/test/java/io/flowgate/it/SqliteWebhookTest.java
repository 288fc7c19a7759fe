package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SqliteWebhookTest extends WebhookContract {
    @Override
    TestServer startServer(Path dir) throws Exception {
        return TestServer.sqlite(dir);
    }

    /** SQLite keeps its file across processes, so a restart on the same data directory is a real restart. */
    @Test
    void a_hook_and_its_tokens_answer_after_a_restart() throws Exception {
        Path own = Files.createTempDirectory("flowgate-hooks-restart");
        String hookId;
        String token;
        try (TestServer first = TestServer.sqlite(own)) {
            Http.Reply saved = first.http().postYaml("/api/v1/workflows",
                    "id: wh-restart\ntriggers:\n  webhook: {auth: bearer}\n" + ECHO);
            assertThat(saved.status()).isEqualTo(201);
            hookId = first.http().get("/api/v1/workflows/wh-restart").json().at("/webhook/hookId").asText();
            token = first.http().postJson("/api/v1/workflows/wh-restart/webhook/tokens", java.util.Map.of())
                    .json().get("token").asText();
        }
        try (TestServer second = TestServer.sqlite(own)) {
            Http.Reply r = second.http().withKey(null).send(second.http().withKey(null).request("/hooks/" + hookId)
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
            assertThat(r.status()).as(r.toString()).isEqualTo(202);
        } finally {
            try (var paths = Files.walk(own)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
