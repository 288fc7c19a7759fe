package io.flowgate.engine.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Json;
import io.flowgate.core.TriggerKind;
import io.flowgate.engine.Execution;
import io.flowgate.engine.ExecutionStatus;
import io.flowgate.engine.StepRun;
import io.flowgate.engine.StepStatus;
import io.flowgate.store.NewDelivery;
import io.flowgate.workflow.RetryPolicy;
import io.flowgate.workflow.StepDefinition;
import io.flowgate.workflow.StepWebhook;
import io.flowgate.workflow.Triggers;
import io.flowgate.workflow.WorkflowDefinition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;




class OutboundMessagesTest {
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    static final Execution EXECUTION = new Execution("e1", "sales", "orders", 3, TriggerKind.MANUAL, ExecutionStatus.IN_PROGRESS,
            Json.object(), T0, T0, null, null, null, null, 0);

    static StepDefinition step(String id, List<String> needs, StepWebhook... hooks) {
        return new StepDefinition(id, id.toUpperCase(), "log", needs, null, RetryPolicy.NONE, null, List.of(hooks),
                Json.object());
    }

    static StepWebhook hook(String name, String... on) {
        return new StepWebhook(name, List.of(on), "https://hooks.example.org:8443/x", Json.object());
    }

    static StepRun done(String id) {
        return new StepRun("e1", id, 1, id.toUpperCase(), StepStatus.COMPLETED, 1, T0, T0.plusMillis(250),
                Json.read("{\"total\": 42}"), null, null, null);
    }

    @Test
    void created_carries_the_previous_step_and_goes_only_to_created_subscribers() {
        StepDefinition b = step("b", List.of("a"), hook("on-create", "created"), hook("on-done", "completed"));
        StepRun started = StepRun.notStarted("e1", "b", 2, "B").startAttempt(T0.plusSeconds(1));
        List<NewDelivery> rows = OutboundMessages.stepCreated(EXECUTION, b, started, done("a"), T0.plusSeconds(1));

        assertThat(rows).singleElement().satisfies(d -> {
            assertThat(d.name()).isEqualTo("on-create");
            assertThat(d.event()).isEqualTo("step.created");
            assertThat(d.stepId()).isEqualTo("b");
            assertThat(d.endpoint()).isEqualTo("https://hooks.example.org:8443");
            assertThat(d.id()).startsWith("msg_");
            JsonNode body = Json.read(d.payload());
            assertThat(body.get("event").asText()).isEqualTo("step.created");
            assertThat(body.get("executionId").asText()).isEqualTo("e1");
            assertThat(body.get("workflowId").asText()).isEqualTo("orders");
            assertThat(body.get("revision").asInt()).isEqualTo(3);
            assertThat(body.get("step").get("id").asText()).isEqualTo("b");
            assertThat(body.get("step").get("status").asText()).isEqualTo("inProgress");
            assertThat(body.get("previousStep").get("id").asText()).isEqualTo("a");
            assertThat(body.get("previousStep").get("outputs").get("total").asInt()).isEqualTo(42);
            assertThat(body.get("previousStep").get("duration").asLong()).isEqualTo(250);
            assertThat(body.get("timestamp").asText()).isEqualTo("2026-11-23T10:00:01Z");
        });
    }

    @Test
    void a_first_step_has_no_previous_step() {
        StepDefinition a = step("a", List.of(), hook(null, "created"));
        List<NewDelivery> rows = OutboundMessages.stepCreated(EXECUTION, a,
                StepRun.notStarted("e1", "a", 1, "A").startAttempt(T0), null, T0);
        assertThat(Json.read(rows.getFirst().payload()).get("previousStep").isNull()).isTrue();
    }

    @Test
    void completed_carries_this_steps_data() {
        StepDefinition a = step("a", List.of(), hook("x", "created", "completed"), hook("y", "completed"));
        List<NewDelivery> rows = OutboundMessages.stepCompleted(EXECUTION, a, done("a"), T0);
        assertThat(rows).hasSize(2).allSatisfy(d -> {
            JsonNode body = Json.read(d.payload());
            assertThat(body.get("event").asText()).isEqualTo("step.completed");
            assertThat(body.get("step").get("outputs").get("total").asInt()).isEqualTo(42);
            assertThat(body.has("previousStep")).isFalse();
        });
        assertThat(rows.get(0).id()).isLessThan(rows.get(1).id());
    }

    @Test
    void workflow_level_subscriptions_get_execution_completed_or_failed_but_not_cancelled() {
        WorkflowDefinition def = new WorkflowDefinition("orders", null, "sales", null, Triggers.manualOnly(),
                List.of(step("a", List.of())), List.of(hook("ops", "execution.failed")));
        Execution failed = EXECUTION.ended(ExecutionStatus.FAILURE, T0.plusSeconds(2), "Step 'a' failed: boom");
        assertThat(OutboundMessages.executionEnded(def, failed, T0)).singleElement().satisfies(d -> {
            assertThat(d.stepId()).isNull();
            JsonNode body = Json.read(d.payload());
            assertThat(body.get("event").asText()).isEqualTo("execution.failed");
            assertThat(body.get("execution").get("error").asText()).contains("boom");
            assertThat(body.get("execution").get("duration").asLong()).isEqualTo(2000);
        });
        assertThat(OutboundMessages.executionEnded(def, EXECUTION.ended(ExecutionStatus.COMPLETED, T0, null), T0)).isEmpty();
        assertThat(OutboundMessages.executionEnded(def, EXECUTION.ended(ExecutionStatus.CANCELLED, T0, null), T0)).isEmpty();
    }
}
