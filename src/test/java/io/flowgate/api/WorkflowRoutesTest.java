package io.flowgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkflowRoutesTest {
    static final String ORDERS = """
            id: orders
            name: Order intake
            description: Accept orders
            triggers:
              manual: {}
              webhook: {methods: [POST]}
            steps:
              - id: total
                name: Compute total
                type: transform
              - id: notify
                type: http
                needs: [total]
            """;

    private final ApiTestServer api = new ApiTestServer();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void posting_a_new_workflow_answers_201_and_a_new_revision_200() {
        ApiTestServer.Reply first = api.post("/api/v1/workflows", api.editor, "application/yaml", ORDERS);
        assertThat(first.status()).isEqualTo(201);
        JsonNode doc = first.json();
        assertThat(doc.get("id").asText()).isEqualTo("orders");
        assertThat(doc.get("team").asText()).isEqualTo("default");
        assertThat(doc.get("name").asText()).isEqualTo("Order intake");
        assertThat(doc.get("description").asText()).isEqualTo("Accept orders");
        assertThat(doc.get("revision").asInt()).isEqualTo(1);
        assertThat(doc.get("createdAt").asText()).isNotBlank();
        assertThat(doc.get("updatedAt").asText()).isNotBlank();
        assertThat(doc.get("triggers").has("manual")).isTrue();
        assertThat(doc.get("triggers").has("webhook")).isTrue();
        assertThat(doc.get("steps").get(0).get("name").asText()).isEqualTo("Compute total");
        assertThat(doc.get("steps").get(1).get("needs").get(0).asText()).isEqualTo("total");
        String hookId = doc.get("webhook").get("hookId").asText();
        assertThat(doc.get("webhook").get("url").asText()).isEqualTo("https://flowgate.example.org/hooks/" + hookId);

        ApiTestServer.Reply second = api.post("/api/v1/workflows", api.editor, "application/yaml", ORDERS);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("revision").asInt()).isEqualTo(2);
        assertThat(second.json().get("webhook").get("hookId").asText()).isEqualTo(hookId);
    }

    @Test
    void a_workflow_without_a_webhook_trigger_has_no_webhook_field() {
        ApiTestServer.Reply reply = api.postJson("/api/v1/workflows", api.editor,
                "{\"id\":\"plain\",\"triggers\":{\"manual\":{}},\"steps\":[{\"id\":\"a\",\"type\":\"log\"}]}");
        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().has("webhook")).isFalse();
    }

    @Test
    void an_invalid_workflow_is_rejected_with_every_problem() {
        ApiTestServer.Reply reply = api.post("/api/v1/workflows", api.editor, "application/yaml",
                "id: Bad Id\nsteps: [{name: x}]\n");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("code").asText()).isEqualTo("invalid_workflow");
        assertThat(reply.json().get("problems")).hasSize(3);
        assertThat(reply.json().get("problems").get(0).get("path").asText()).isEqualTo("id");
        assertThat(api.workflows.list(null)).isEmpty();
    }

    @Test
    void validate_answers_valid_or_every_problem_without_saving() {
        ApiTestServer.Reply valid = api.post("/api/v1/workflows/validate", api.viewer, "application/yaml", ORDERS);
        assertThat(valid.status()).isEqualTo(200);
        assertThat(valid.json().get("valid").asBoolean()).isTrue();
        ApiTestServer.Reply invalid = api.post("/api/v1/workflows/validate", api.viewer, "application/yaml",
                "id: x\nsteps: [{id: a}]\n");
        assertThat(invalid.status()).isEqualTo(200);
        assertThat(invalid.json().get("valid").asBoolean()).isFalse();
        assertThat(invalid.json().get("problems").get(0).get("path").asText()).isEqualTo("steps[0].type");
        assertThat(invalid.json().get("problems").get(0).get("message").asText()).isEqualTo("Required");
        assertThat(api.workflows.list(null)).isEmpty();
    }

    @Test
    void lists_gets_and_searches_workflows() {
        api.post("/api/v1/workflows", api.editor, "application/yaml", ORDERS);
        api.post("/api/v1/workflows", api.editor, "application/yaml", "id: billing\nname: Bills\nsteps: [{id: a, type: log}]\n");
        JsonNode all = api.get("/api/v1/workflows", api.viewer).json().get("items");
        assertThat(all).hasSize(2);
        assertThat(all.get(0).get("id").asText()).isEqualTo("billing");
        assertThat(all.get(0).fieldNames()).toIterable()
                .containsExactly("id", "team", "name", "revision", "createdAt", "updatedAt", "hookId", "triggers", "lastRun");
        assertThat(api.get("/api/v1/workflows?q=ORDER", api.viewer).json().get("items")).hasSize(1);
        assertThat(api.get("/api/v1/workflows?team=other", api.viewer).json().get("items")).isEmpty();
        assertThat(api.get("/api/v1/workflows/orders", api.viewer).json().get("name").asText())
                .isEqualTo("Order intake");
        assertThat(api.get("/api/v1/workflows/missing", api.viewer).status()).isEqualTo(404);
    }

    @Test
    void put_saves_a_new_revision_and_fills_in_an_absent_id() {
        api.post("/api/v1/workflows", api.editor, "application/yaml", ORDERS);
        ApiTestServer.Reply put = api.put("/api/v1/workflows/orders", api.editor, "application/yaml",
                "name: Renamed\nsteps: [{id: a, type: log}]\n");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("revision").asInt()).isEqualTo(2);
        assertThat(put.json().get("name").asText()).isEqualTo("Renamed");

        ApiTestServer.Reply mismatch = api.put("/api/v1/workflows/orders", api.editor, "application/yaml",
                "id: other\nsteps: [{id: a, type: log}]\n");
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.json().get("code").asText()).isEqualTo("id_mismatch");
        assertThat(api.put("/api/v1/workflows/missing", api.editor, "application/yaml", ORDERS).status())
                .isEqualTo(404);
    }

    @Test
    void revisions_are_listed_newest_first_and_readable_with_their_source() {
        api.post("/api/v1/workflows", api.editor, "application/yaml", ORDERS);
        api.post("/api/v1/workflows", api.editor, "application/yaml", ORDERS.replace("Order intake", "Orders v2"));
        JsonNode items = api.get("/api/v1/workflows/orders/revisions", api.viewer).json().get("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("revision").asInt()).isEqualTo(2);
        assertThat(items.get(0).has("createdAt")).isTrue();

        JsonNode first = api.get("/api/v1/workflows/orders/revisions/1", api.viewer).json();
        assertThat(first.get("revision").asInt()).isEqualTo(1);
        assertThat(first.get("source").asText()).isEqualTo(ORDERS);
        assertThat(first.get("definition").get("name").asText()).isEqualTo("Order intake");
        assertThat(api.get("/api/v1/workflows/orders/revisions/9", api.viewer).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/workflows/orders/revisions/x", api.viewer).status()).isEqualTo(400);
    }

    @Test
    void delete_answers_204_then_the_workflow_is_gone() {
        api.post("/api/v1/workflows", api.editor, "application/yaml", ORDERS);
        assertThat(api.delete("/api/v1/workflows/orders", api.operator).status()).isEqualTo(403);
        assertThat(api.delete("/api/v1/workflows/orders", api.editor).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/workflows/orders", api.viewer).status()).isEqualTo(404);
    }

    @Test
    void the_same_id_in_two_teams_needs_a_team_parameter() {
        api.post("/api/v1/workflows", api.editor, "application/yaml", "id: dup\nteam: red\nsteps: [{id: a, type: log}]\n");
        api.post("/api/v1/workflows", api.editor, "application/yaml", "id: dup\nteam: blue\nsteps: [{id: a, type: log}]\n");
        ApiTestServer.Reply ambiguous = api.get("/api/v1/workflows/dup", api.viewer);
        assertThat(ambiguous.status()).isEqualTo(409);
        assertThat(ambiguous.json().get("code").asText()).isEqualTo("ambiguous_workflow");
        assertThat(api.get("/api/v1/workflows/dup?team=blue", api.viewer).json().get("team").asText())
                .isEqualTo("blue");
    }

    @Test
    void a_key_scoped_to_a_team_sees_and_writes_only_that_team() {
        String redEditor = api.keys.create("red", io.flowgate.auth.Role.EDITOR, java.util.List.of("red")).key();
        api.post("/api/v1/workflows", api.editor, "application/yaml", "id: blue-one\nteam: blue\nsteps: [{id: a, type: log}]\n");
        assertThat(api.get("/api/v1/workflows", redEditor).json().get("items")).isEmpty();
        assertThat(api.get("/api/v1/workflows/blue-one", redEditor).status()).isEqualTo(404);
        ApiTestServer.Reply forbidden = api.post("/api/v1/workflows", redEditor, "application/yaml",
                "id: x\nteam: blue\nsteps: [{id: a, type: log}]\n");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(api.post("/api/v1/workflows", redEditor, "application/yaml",
                "id: x\nteam: red\nsteps: [{id: a, type: log}]\n").status()).isEqualTo(201);
    }
}
