package io.flowgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.config.Config;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
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

    /** The answer does not wait for the body: a declared length over the limit is refused before any is sent. */
    @Test
    void the_413_comes_before_any_of_a_declared_oversized_body_is_sent() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", api.server.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("POST /hooks/any-hook HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + (100 * LIMIT) + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String head = readHead(socket.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 413 ").containsIgnoringCase("Connection: close");
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
