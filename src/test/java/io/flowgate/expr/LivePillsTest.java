package io.flowgate.expr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LivePillsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
    private static final List<String> EXPRESSIONS = List.of(
            "$sum(inputs.items.price)", "steps.total.outputs.total * 2", "$keys(steps)", "steps.total.status",
            "trigger.body.id", "execution.id & '/' & workflow.id & '/' & $string(workflow.revision)",
            "secrets.PW", "inputs.missing", "inputs.nothing = null", "$count(inputs.items)");

    private static ObjectNode trigger() {
        return (ObjectNode) Json.read("{\"type\": \"webhook\", \"body\": {\"id\": 7}, \"raw\": \"{}\"}");
    }

    private static JsonNode inputs() {
        return Json.read("{\"items\": [{\"price\": 10}, {\"price\": 32.5}], \"nothing\": null}");
    }

    @Test
    void each_snapshot_has_the_shape_and_the_results_of_a_context_built_from_scratch() {
        LivePills live = new LivePills(trigger(), inputs(), "ex1", "wf", 3);
        Map<String, String> secrets = Map.of("PW", "s3cret");
        JsonNode before = live.snapshot(secrets);
        live.step("total", Json.read("{\"total\": 42.5}"), "completed");
        live.step("skipped", null, "skipped");
        JsonNode after = live.snapshot(secrets);

        ObjectNode fresh = DataPills.builder().trigger(trigger()).inputs(inputs()).execution("ex1").workflow("wf", 3)
                .secrets(secrets).step("total", Json.read("{\"total\": 42.5}"), "completed")
                .step("skipped", null, "skipped").build();
        assertThat(after).isEqualTo(fresh);
        for (String e : EXPRESSIONS) {
            assertThat(Expression.compile(e).evaluate(after, CLOCK)).as(e)
                    .isEqualTo(Expression.compile(e).evaluate(fresh, CLOCK));
        }
        // A snapshot handed to a running attempt does not change when the owner moves on.
        assertThat(before.get("steps").size()).isZero();
        assertThat(Expression.compile("$keys(steps)").evaluate(before, CLOCK)).isNull();
    }

    @Test
    void a_step_whose_outputs_change_is_converted_again() {
        LivePills live = new LivePills(trigger(), inputs(), "ex1", "wf", 1);
        live.step("a", Json.read("{\"n\": 1}"), "completed");
        live.step("a", Json.read("{\"n\": 2}"), "completed");
        assertThat(Expression.compile("steps.a.outputs.n").evaluate(live.snapshot(Map.of()), CLOCK).intValue())
                .isEqualTo(2);
    }
}
