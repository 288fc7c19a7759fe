package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.App;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping a node hands its running work back at once; the next start resumes the same attempt. */
class GracefulShutdownTest {
    @TempDir
    Path dir;

    @Test
    void a_step_running_at_shutdown_is_released_and_resumed_with_the_same_idempotency_key() throws Exception {
        try (Receiver receiver = new Receiver()) {
            receiver.answer(c -> new Receiver.Answer(200, "{}", 1_500));
            String id;
            App first = App.start(TestServer.config(dir), Map.of());
            try {
                Http http = new Http(first.url(), first.adminKey());
                assertThat(http.postYaml("/api/v1/workflows", """
                        id: slow-call
                        steps:
                          - id: call
                            type: http
                            request: { method: POST, url: "%s" }
                          - id: after
                            type: transform
                            output: '{ "done": true }'
                        """.formatted(receiver.url("/slow"))).status()).isEqualTo(201);
                id = http.postJson("/api/v1/workflows/slow-call/executions", Map.of()).json().get("activityId").asText();
                await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.calls().isEmpty());
            } finally {
                first.close();
            }
            App second = App.start(TestServer.config(dir), Map.of());
            try {
                Http http = new Http(second.url(), second.adminKey());
                JsonNode[] doc = new JsonNode[1];
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    doc[0] = http.get("/api/v1/executions/" + id).json();
                    return doc[0].get("status").asText().equals("completed");
                });
                List<String> keys = receiver.calls().stream().map(c -> c.header("Idempotency-Key")).toList();
                assertThat(keys).hasSizeGreaterThanOrEqualTo(2).allMatch((id + ":call:1")::equals);
            } finally {
                second.close();
            }
        }
    }
}
