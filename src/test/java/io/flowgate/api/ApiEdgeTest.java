package io.flowgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.core.Json;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Authentication, roles, and how every kind of error is answered, over real HTTP. */
class ApiEdgeTest {
    private final ApiTestServer api = new ApiTestServer();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void ops_endpoints_answer_without_a_key() {
        assertThat(api.get("/healthz", null).json().get("status").asText()).isEqualTo("ok");
        assertThat(api.get("/readyz", null).json().get("status").asText()).isEqualTo("ready");
        api.ready.set(false);
        ApiTestServer.Reply starting = api.get("/readyz", null);
        assertThat(starting.status()).isEqualTo(503);
        assertThat(starting.json().get("status").asText()).isEqualTo("starting");
        ApiTestServer.Reply metrics = api.get("/metrics", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.header("Content-Type")).startsWith("text/plain");
    }

    @Test
    void a_request_without_a_key_gets_401_with_a_bearer_challenge() {
        ApiTestServer.Reply reply = api.get("/api/v1/workflows", null);
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(reply.json().get("code").asText()).isEqualTo("unauthorized");
        assertThat(reply.json().get("msg").asText()).isNotBlank();
    }

    @Test
    void an_unknown_key_gets_401() {
        ApiTestServer.Reply reply = api.get("/api/v1/workflows", "fgk_not-a-real-key-at-all-000000000000");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void a_viewer_key_gets_403_on_a_write_route() {
        ApiTestServer.Reply reply = api.post("/api/v1/workflows", api.viewer, "application/yaml",
                "id: a\nsteps: [{id: s, type: log}]\n");
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.json().get("code").asText()).isEqualTo("forbidden");
        assertThat(api.workflows.list(null)).isEmpty();
    }

    @Test
    void an_unknown_route_gets_a_json_404() {
        ApiTestServer.Reply reply = api.get("/api/v1/nothing-here", api.admin);
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("code").asText()).isEqualTo("not_found");
        assertThat(api.get("/nowhere", null).json().get("code").asText()).isEqualTo("not_found");
    }

    @Test
    void a_wrong_method_gets_a_json_405() {
        ApiTestServer.Reply reply = api.send(api.request("/api/v1/executions", api.admin)
                .method("PATCH", HttpRequest.BodyPublishers.noBody()));
        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.json().get("code").asText()).isEqualTo("method_not_allowed");
    }

    @Test
    void malformed_json_gets_400_with_its_location() {
        ApiTestServer.Reply reply = api.postJson("/api/v1/secrets", api.admin, "{\n  \"name\": \"A\",\n  oops\n}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("code").asText()).isEqualTo("invalid_json");
        assertThat(reply.json().get("line").asInt()).isEqualTo(3);
        assertThat(reply.json().get("column").asInt()).isPositive();
    }

    @Test
    void a_body_over_the_limit_gets_413() {
        String big = "{\"name\":\"BIG\",\"value\":\"" + "x".repeat((int) ApiTestServer.MAX_BODY) + "\"}";
        ApiTestServer.Reply reply = api.postJson("/api/v1/secrets", api.admin, big);
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.json().get("code").asText()).isEqualTo("payload_too_large");
        assertThat(api.secrets.list()).isEmpty();
    }

    @Test
    void a_chunked_body_over_the_limit_gets_413() {
        byte[] big = ("id: a\ndescription: " + "x".repeat((int) ApiTestServer.MAX_BODY) + "\n").getBytes();
        ApiTestServer.Reply reply = api.send(api.request("/api/v1/workflows", api.admin)
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))));
        assertThat(reply.status()).isEqualTo(413);
    }

    @Test
    void an_unexpected_failure_gets_500_without_its_message() {
        try (ApiTestServer failing = new ApiTestServer((type, text) -> {
            throw new IllegalStateException("hunter2 leaked");
        })) {
            ApiTestServer.Reply reply = failing.post("/api/v1/workflows", failing.admin, "application/yaml", "id: a\n");
            assertThat(reply.status()).isEqualTo(500);
            assertThat(reply.json().get("code").asText()).isEqualTo("internal_error");
            assertThat(reply.body()).doesNotContain("hunter2");
        }
    }

    @Test
    void the_openapi_document_needs_no_key() {
        ApiTestServer.Reply reply = api.get("/api/v1/openapi.json", null);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(Json.read(reply.body()).get("openapi").asText()).startsWith("3.");
    }
}
