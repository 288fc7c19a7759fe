package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.expr.ExpressionLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Definitions written to hurt the node (issue 15, point 3) over real HTTP: a YAML alias bomb ("billion laughs") is
 * refused with a 400 naming the aliases, on create and on replace; an expression that would build gigabytes fails
 * its own step with a message naming the limit, and the node goes on answering.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileDefinitionsTest {
    Path dir;
    TestServer server;
    Http http;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("flowgate-hostile-it");
        server = TestServer.sqlite(dir);
        http = server.http();
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The classic: nine levels of nine aliases each, 9^9 (387 million) strings once expanded. */
    static String billionLaughs(boolean withId) {
        StringBuilder y = new StringBuilder(withId ? "id: lol\n" : "");
        y.append("description: x\nsteps:\n  - id: a\n    type: transform\n    output: '{}'\n");
        y.append("    lol0: &l0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int i = 1; i <= 9; i++) {
            y.append("    lol").append(i).append(": &l").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                y.append(j == 0 ? "" : ",").append("*l").append(i - 1);
            }
            y.append("]\n");
        }
        return y.toString();
    }

    @Test
    void a_billion_laughs_document_is_refused_with_a_clear_400() {
        Http.Reply created = http.postYaml("/api/v1/workflows", billionLaughs(true));
        assertThat(created.status()).isEqualTo(400);
        assertThat(created.json().path("code").asText()).isEqualTo("invalid_workflow");
        assertThat(created.raw().body()).containsIgnoringCase("alias");

        Http.Reply validated = http.post("/api/v1/workflows/validate", "application/yaml", billionLaughs(true));
        assertThat(validated.status()).isIn(200, 400);
        assertThat(validated.raw().body()).containsIgnoringCase("alias");

        // PUT fills in a missing id before parsing: the document must still be read with the same limits.
        assertThat(http.postYaml("/api/v1/workflows", "id: lol\nsteps: [{id: a, type: log, message: hi}]\n").status())
                .isEqualTo(201);
        Http.Reply replaced = http.send(http.request("/api/v1/workflows/lol").header("Content-Type", "application/yaml")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(billionLaughs(false))));
        assertThat(replaced.status()).isEqualTo(400);
        assertThat(replaced.raw().body()).containsIgnoringCase("alias");
        assertThat(http.get("/healthz").status()).isEqualTo(200);
    }

    @Test
    void anchors_in_a_document_replaced_without_its_id_are_expanded_not_turned_into_strings() {
        String yaml = """
                # the route names the id
                steps:
                  - &base {id: a, type: log, message: shared text}
                  - {<<: *base, id: b}
                """;
        assertThat(http.postYaml("/api/v1/workflows", "id: anchored\nsteps: [{id: a, type: log, message: hi}]\n")
                .status()).isEqualTo(201);
        Http.Reply replaced = http.send(http.request("/api/v1/workflows/anchored").header("Content-Type",
                "application/yaml").PUT(java.net.http.HttpRequest.BodyPublishers.ofString(yaml)));
        assertThat(replaced.status()).as(replaced.toString()).isIn(200, 201);
        JsonNode rev = http.get("/api/v1/workflows/anchored/revisions/2").json();
        assertThat(rev.path("definition").path("steps").get(1).path("type").asText()).isEqualTo("log");
        assertThat(rev.path("source").asText()).as("stored as sent, the id added in front")
                .startsWith("# the route names the id\nid: \"anchored\"\nsteps:").contains("*base");
    }

    @Test
    void an_expression_that_would_build_gigabytes_fails_its_step_and_the_node_goes_on() {
        Http.Reply r = http.postYaml("/api/v1/workflows", """
                id: greedy
                steps:
                  - id: big
                    type: transform
                    output: '{"s": $pad("", 2000000000, "x")}'
                """);
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
        String id = http.postJson("/api/v1/workflows/greedy/executions", "{}").json().path("activityId").asText();
        JsonNode[] doc = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            doc[0] = http.get("/api/v1/executions/" + id).json();
            return doc[0].path("status").asText().equals("failure");
        });
        assertThat(doc[0].toString()).contains("more than " + ExpressionLimits.DEFAULT_MAX_CHARS + " characters");
        assertThat(http.get("/healthz").status()).isEqualTo(200);
    }
}
