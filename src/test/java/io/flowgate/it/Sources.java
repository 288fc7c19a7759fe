package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;

/** What the broker tests do through Flowgate's API: workflows, connections, sources, and waiting for runs. */
final class Sources {
    static final Duration LONG = Duration.ofSeconds(60);
    private final Http http;

    Sources(Http http) {
        this.http = http;
    }

    void apply(String yaml) {
        Http.Reply r = http.postYaml("/api/v1/workflows", yaml);
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
    }

    /** A workflow started by events of {@code type} whose one step outputs {@code {"event": the event}}. */
    void eventWorkflow(String id, String type) {
        apply("""
                id: %s
                triggers:
                  events: [{type: %s}]
                steps:
                  - {id: t, type: transform, output: '{"event": trigger.event}'}
                """.formatted(id, type));
    }

    void connection(Map<String, Object> body) {
        Http.Reply r = http.postJson("/api/v1/connections", body);
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
    }

    void create(String name, String connection, String kind, Map<String, ?> target, String type) {
        Http.Reply r = http.postJson("/api/v1/event-sources", Map.of("name", name, "connection", connection,
                kind, target, "event", Map.of("type", type)));
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
    }

    JsonNode get(String name) {
        return http.get("/api/v1/event-sources/" + name).json();
    }

    String state(String name) {
        return get(name).path("state").asText();
    }

    void awaitState(String name, String state) {
        try {
            await().atMost(LONG).until(() -> state(name).equals(state));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("source " + name + " is not " + state + ": " + get(name), e);
        }
    }

    void delete(String name) {
        assertThat(http.delete("/api/v1/event-sources/" + name).status()).isEqualTo(204);
    }

    /** Waits for {@code count} runs of the workflow and checks there are no more. */
    JsonNode awaitRuns(String workflowId, int count) {
        try {
            await().atMost(LONG).until(() -> runs(workflowId).size() >= count);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no " + count + " runs of " + workflowId + "; sources: "
                    + http.get("/api/v1/event-sources").json() + "; events: " + http.get("/api/v1/events?limit=20")
                    .json(), e);
        }
        JsonNode items = runs(workflowId);
        assertThat(items).hasSize(count);
        return items;
    }

    JsonNode runs(String workflowId) {
        return http.get("/api/v1/executions?limit=100&workflowId=" + workflowId).json().path("items");
    }

    JsonNode awaitCompleted(String executionId) {
        await().atMost(LONG).until(() -> http.get("/api/v1/executions/" + executionId).json().path("status")
                .asText().equals("completed"));
        return http.get("/api/v1/executions/" + executionId).json();
    }

    static JsonNode find(JsonNode events, String id) {
        for (JsonNode e : events) {
            if (e.path("id").asText().equals(id)) {
                return e;
            }
        }
        throw new AssertionError("no event " + id + " in " + events);
    }

    /** One number from the database, read directly (the server may be down). */
    static long count(String jdbc, String sql) throws SQLException {
        try (var c = DriverManager.getConnection(jdbc); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
