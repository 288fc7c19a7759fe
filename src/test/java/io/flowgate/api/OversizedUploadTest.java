package io.flowgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.config.Config;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A client that keeps uploading a body over the limit still reads its 413: the server answers as soon as
 * it knows the body is too large and then lets the rest of the upload drain instead of resetting the
 * connection under the client. No database is involved, so this runs once over the in-memory server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OversizedUploadTest {
    private static final int ROUNDS = 200;
    private static final long LIMIT = Config.DEFAULT_MAX_BODY_BYTES;
    private final byte[] oversized = new byte[(int) LIMIT + 1];
    private ApiTestServer api;

    @BeforeAll
    void start() {
        api = new ApiTestServer(LIMIT);
    }

    @AfterAll
    void stop() {
        api.close();
    }

    private HttpRequest.Builder upload(String path) {
        return api.request(path, api.admin).header("Content-Type", "application/json");
    }

    private List<String> failures(String path, java.util.function.Function<HttpRequest.Builder, HttpRequest.Builder> how) {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            try {
                ApiTestServer.Reply reply = api.send(how.apply(upload(path)));
                if (reply.status() != 413 || !reply.json().path("code").asText().equals("payload_too_large")) {
                    failures.add(i + ": " + reply.status() + " " + reply.body());
                }
            } catch (IllegalStateException e) {
                failures.add(i + ": " + e.getCause());
            }
        }
        return failures;
    }

    @Test
    void a_declared_length_over_the_limit_reads_413_every_time() {
        assertThat(failures("/api/v1/secrets",
                b -> b.POST(HttpRequest.BodyPublishers.ofByteArray(oversized)))).isEmpty();
    }

    @Test
    void a_webhook_upload_over_the_limit_reads_413_every_time() {
        assertThat(failures("/hooks/any-hook",
                b -> b.POST(HttpRequest.BodyPublishers.ofByteArray(oversized)))).isEmpty();
    }

    @Test
    void a_chunked_upload_over_the_limit_reads_413_every_time() {
        assertThat(failures("/api/v1/secrets",
                b -> b.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(oversized)))))
                .isEmpty();
    }

    @Test
    void an_upload_announcing_100_continue_reads_413_every_time() {
        assertThat(failures("/api/v1/secrets",
                b -> b.expectContinue(true).POST(HttpRequest.BodyPublishers.ofByteArray(oversized)))).isEmpty();
    }
}
