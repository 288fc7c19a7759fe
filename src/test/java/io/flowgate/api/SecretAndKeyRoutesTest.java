package io.flowgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.auth.Role;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecretAndKeyRoutesTest {
    private final ApiTestServer api = new ApiTestServer();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void secret_values_are_never_returned() {
        ApiTestServer.Reply created = api.postJson("/api/v1/secrets", api.editor,
                "{\"name\":\"SHOP_PW\",\"value\":\"s3cr3t-value\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().fieldNames()).toIterable().containsExactly("name", "createdAt");
        assertThat(created.body()).doesNotContain("s3cr3t-value");

        ApiTestServer.Reply replaced = api.postJson("/api/v1/secrets", api.editor,
                "{\"name\":\"SHOP_PW\",\"value\":\"other-value\"}");
        assertThat(replaced.status()).isEqualTo(200);

        ApiTestServer.Reply listed = api.get("/api/v1/secrets", api.viewer);
        JsonNode item = listed.json().get("items").get(0);
        assertThat(item.fieldNames()).toIterable().containsExactly("name", "createdAt", "updatedAt");
        assertThat(listed.body()).doesNotContain("s3cr3t-value").doesNotContain("other-value");
        assertThat(api.secrets.all()).containsEntry("SHOP_PW", "other-value");
    }

    @Test
    void secret_names_are_checked_and_deletion_answers_204_then_404() {
        ApiTestServer.Reply bad = api.postJson("/api/v1/secrets", api.editor, "{\"name\":\"lower\",\"value\":\"v\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("code").asText()).isEqualTo("invalid_secret_name");
        assertThat(api.postJson("/api/v1/secrets", api.viewer, "{\"name\":\"A\",\"value\":\"v\"}").status())
                .isEqualTo(403);
        api.postJson("/api/v1/secrets", api.editor, "{\"name\":\"A\",\"value\":\"v\"}");
        assertThat(api.delete("/api/v1/secrets/A", api.editor).status()).isEqualTo(204);
        assertThat(api.delete("/api/v1/secrets/A", api.editor).status()).isEqualTo(404);
    }

    @Test
    void a_key_scoped_to_teams_may_not_change_shared_secrets() {
        String teamEditor = api.keys.create("red", Role.EDITOR, List.of("red")).key();
        assertThat(api.postJson("/api/v1/secrets", teamEditor, "{\"name\":\"A\",\"value\":\"v\"}").status())
                .isEqualTo(403);
    }

    @Test
    void keys_are_admin_only() {
        assertThat(api.get("/api/v1/keys", api.editor).status()).isEqualTo(403);
        assertThat(api.postJson("/api/v1/keys", api.editor, "{\"name\":\"x\",\"role\":\"viewer\"}").status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/keys", api.admin).status()).isEqualTo(200);
    }

    @Test
    void a_created_key_is_shown_once_works_and_stops_working_when_revoked() {
        ApiTestServer.Reply created = api.postJson("/api/v1/keys", api.admin,
                "{\"name\":\"ci\",\"role\":\"operator\",\"teams\":[\"red\"]}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode doc = created.json();
        assertThat(doc.fieldNames()).toIterable()
                .containsExactly("id", "name", "role", "teams", "prefix", "createdAt", "key");
        String key = doc.get("key").asText();
        assertThat(key).startsWith("fgk_").startsWith(doc.get("prefix").asText());
        assertThat(doc.get("prefix").asText()).hasSize(12);

        ApiTestServer.Reply listed = api.get("/api/v1/keys", api.admin);
        assertThat(listed.body()).doesNotContain(key);
        JsonNode ci = null;
        for (JsonNode k : listed.json().get("items")) {
            if (k.get("name").asText().equals("ci")) {
                ci = k;
            }
        }
        assertThat(ci).isNotNull();
        assertThat(ci.get("revokedAt").isNull()).isTrue();
        assertThat(ci.get("teams").get(0).asText()).isEqualTo("red");

        assertThat(api.get("/api/v1/workflows", key).status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/keys/" + doc.get("id").asText(), api.admin).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/workflows", key).status()).isEqualTo(401);
        assertThat(api.delete("/api/v1/keys/unknown", api.admin).status()).isEqualTo(404);
    }

    @Test
    void an_unknown_role_is_rejected() {
        ApiTestServer.Reply reply = api.postJson("/api/v1/keys", api.admin, "{\"name\":\"x\",\"role\":\"root\"}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("code").asText()).isEqualTo("invalid_role");
    }
}
