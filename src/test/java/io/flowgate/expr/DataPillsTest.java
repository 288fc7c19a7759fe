package io.flowgate.expr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataPillsTest {

    @Test
    void builds_the_documented_context_shape() {
        ObjectNode context = DataPills.builder()
                .trigger(TriggerData.webhook("orders/eu", Json.read("{\"q\": \"1\"}"),
                        TriggerData.headers(Map.of("Content-Type", "application/json")),
                        Json.read("{\"id\": 7}"), "{\"id\": 7}"))
                .inputs(Json.read("{\"region\": \"eu\"}"))
                .step("total", Json.read("{\"total\": 3}"), "completed")
                .execution("abc123")
                .workflow("order-intake", 4)
                .secrets(Map.of("HOOK_PW", "pw-value"))
                .build();
        assertThat(context).isEqualTo(Json.read("""
                {"trigger": {"type": "webhook", "path": "orders/eu", "query": {"q": "1"},
                             "headers": {"content-type": "application/json"},
                             "body": {"id": 7}, "raw": "{\\"id\\": 7}"},
                 "inputs": {"region": "eu"},
                 "steps": {"total": {"outputs": {"total": 3}, "status": "completed"}},
                 "execution": {"id": "abc123"},
                 "workflow": {"id": "order-intake", "revision": 4},
                 "secrets": {"HOOK_PW": "pw-value"}}
                """));
        assertThat(Expression.compile("trigger.headers.`content-type`").evaluate(context, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)).textValue())
                .isEqualTo("application/json");
    }

    @Test
    void header_names_given_as_json_are_lower_cased_too() {
        JsonNode trigger = TriggerData.webhook(null, null, Json.read("{\"X-Id\": \"1\"}"), null, null).toJson();
        assertThat(trigger).isEqualTo(Json.read("{\"type\": \"webhook\", \"headers\": {\"x-id\": \"1\"}}"));
    }

    @Test
    void defaults_to_a_manual_trigger_and_empty_parts() {
        ObjectNode context = DataPills.builder().build();
        assertThat(context).isEqualTo(Json.read("""
                {"trigger": {"type": "manual"}, "inputs": {}, "steps": {}, "execution": {}, "workflow": {}, "secrets": {}}
                """));
    }

    @Test
    void schedule_and_event_triggers_carry_their_data() {
        assertThat(TriggerData.schedule(Instant.parse("2026-01-01T09:00:00Z")).toJson())
                .isEqualTo(Json.read("{\"type\": \"schedule\", \"scheduledTime\": \"2026-01-01T09:00:00Z\"}"));
        assertThat(TriggerData.event(Json.read("{\"type\": \"t\"}")).toJson())
                .isEqualTo(Json.read("{\"type\": \"event\", \"event\": {\"type\": \"t\"}}"));
    }

    @Test
    void built_contexts_are_independent_copies() {
        DataPills builder = DataPills.builder().step("a", Json.read("{}"), "completed");
        ObjectNode first = builder.build();
        builder.step("b", Json.read("{}"), "completed");
        assertThat(first.get("steps").has("b")).isFalse();
    }
}
