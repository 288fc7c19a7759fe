package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Found by {@link HttpRouteFuzzTest}: requests Jetty refuses before any route sees them (a bad %-escape in the
 * path, headers over Jetty's limit) were answered with Jetty's HTML error page; SPEC section 7 wants the JSON
 * {@code {"code","msg"}} body for every error, whatever the method.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JettyRefusalsTest {
    Path dir;
    TestServer server;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("flowgate-jetty-refusals");
        server = TestServer.sqlite(dir);
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void a_bad_escape_in_the_path_is_a_400_with_the_json_error_body_for_every_method() throws Exception {
        for (String method : new String[] {"GET", "POST", "PUT", "DELETE"}) {
            String answer = send(method + " /api/v1/workflows/%/signing-secrets HTTP/1.1\r\n");
            assertThat(status(answer)).as(method).isEqualTo(400);
            JsonNode body = Json.read(body(answer));
            assertThat(body.path("code").asText()).isEqualTo("bad_request");
            assertThat(body.path("msg").asText()).isNotBlank();
        }
    }

    @Test
    void headers_over_the_limit_are_a_431_with_the_json_error_body() throws Exception {
        String answer = send("GET /healthz HTTP/1.1\r\nX-Long: " + "a".repeat(20_000) + "\r\n");
        assertThat(status(answer)).isEqualTo(431);
        assertThat(Json.read(body(answer)).path("code").asText()).isEqualTo("headers_too_large");
    }

    @Test
    void a_request_line_over_the_limit_is_a_414_with_the_json_error_body() throws Exception {
        String answer = send("GET /api/v1/workflows/" + "x".repeat(20_000) + " HTTP/1.1\r\n");
        assertThat(status(answer)).isEqualTo(414);
        assertThat(Json.read(body(answer)).path("code").asText()).isEqualTo("uri_too_long");
    }

    String send(String head) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.app().port())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write((head + "Host: 127.0.0.1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            s.getInputStream().transferTo(reply);
            return reply.toString(StandardCharsets.UTF_8);
        }
    }

    static int status(String answer) {
        return Integer.parseInt(answer.substring(9, 12));
    }

    static String body(String answer) {
        return answer.substring(answer.indexOf("\r\n\r\n") + 4);
    }
}
