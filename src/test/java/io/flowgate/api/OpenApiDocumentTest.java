package io.flowgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest {

    @Test
    void documents_exactly_the_routes_the_server_declares() {
        JsonNode doc = Json.read(new String(OpsHandlers.openApiDocument(), StandardCharsets.UTF_8));
        assertThat(doc.get("openapi").asText()).startsWith("3.0");
        Set<String> documented = new HashSet<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        try (ApiTestServer api = new ApiTestServer()) {
            Set<String> declared = api.server.routes().stream().map(r -> r.method() + " " + r.path())
                    .collect(Collectors.toSet());
            assertThat(documented).isEqualTo(declared);
        }
    }

    @Test
    void has_the_shared_components() {
        JsonNode schemas = Json.read(new String(OpsHandlers.openApiDocument(), StandardCharsets.UTF_8))
                .path("components").path("schemas");
        assertThat(schemas.has("StatusDoc")).isTrue();
        assertThat(schemas.has("WorkflowDoc")).isTrue();
        assertThat(schemas.has("Error")).isTrue();
    }
}
