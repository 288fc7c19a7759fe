package io.flowgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Json;
import io.flowgate.core.SettableClock;
import io.flowgate.core.TriggerKind;
import io.flowgate.engine.Execution;
import io.flowgate.engine.ExecutionStatus;
import io.flowgate.engine.Executions.ExecutionView;
import io.flowgate.engine.StepRun;
import io.flowgate.engine.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;



class StatusDocumentsTest {
    private static final Instant CREATED = Instant.parse("2019-12-04T20:47:27.394Z");
    private final SettableClock clock = new SettableClock(CREATED.plusSeconds(60));
    private final StatusDocuments docs = new StatusDocuments(clock);

    private static Execution execution(ExecutionStatus status, Instant started, Instant ended, String error,
                                       String parent) {
        return new Execution("5de81b5fe638b70001fa9d09", "sales", "orders", 3, TriggerKind.WEBHOOK, status, null, CREATED,
                started, ended, null, error, parent, 1);
    }

    @Test
    void a_completed_execution_renders_every_field() {
        Instant started = CREATED.plusMillis(100);
        Execution e = execution(ExecutionStatus.COMPLETED, started, started.plusMillis(45977), null, null);
        StepRun step = new StepRun(e.id(), "total", 1, "Compute total", StepStatus.COMPLETED, 1,
                started.plusMillis(19), started.plusMillis(39149), Json.read("{\"BMRG_TEST\":\"x\"}"), null, null, null);
        ObjectNode doc = docs.full(new ExecutionView(e, List.of(step)));

        assertThat(doc.get("id").asText()).isEqualTo("5de81b5fe638b70001fa9d09");
        assertThat(doc.get("creationDate").asText()).isEqualTo("2019-12-04T20:47:27.394+0000");
        assertThat(doc.get("duration").asLong()).isEqualTo(45977);
        assertThat(doc.get("status").asText()).isEqualTo("completed");
        assertThat(doc.get("workflowId").asText()).isEqualTo("orders");
        assertThat(doc.get("workflowRevisionid").isTextual()).isTrue();
        assertThat(doc.get("workflowRevisionid").asText()).isEqualTo("3");
        assertThat(doc.get("revision").isInt()).isTrue();
        assertThat(doc.get("revision").asInt()).isEqualTo(3);
        assertThat(doc.get("trigger").asText()).isEqualTo("webhook");
        assertThat(doc.get("teamName").asText()).isEqualTo("sales");
        assertThat(doc.has("error")).isFalse();
        assertThat(doc.has("parentActivityId")).isFalse();

        ObjectNode s = (ObjectNode) doc.get("steps").get(0);
        assertThat(s.get("activityId").asText()).isEqualTo(e.id());
        assertThat(s.get("id").asText()).isEqualTo(e.id() + ":total");
        assertThat(s.get("taskId").asText()).isEqualTo("total");
        assertThat(s.get("taskName").asText()).isEqualTo("Compute total");
        assertThat(s.get("order").asInt()).isEqualTo(1);
        assertThat(s.get("flowTaskStatus").asText()).isEqualTo("completed");
        assertThat(s.get("startTime").asText()).isEqualTo("2019-12-04T20:47:27.513+0000");
        assertThat(s.get("duration").asLong()).isEqualTo(39130);
        assertThat(s.get("attempt").asInt()).isEqualTo(1);
        assertThat(s.get("outputs").get("BMRG_TEST").asText()).isEqualTo("x");
        assertThat(s.has("error")).isFalse();
    }

    @Test
    void a_running_execution_counts_its_duration_up_to_now() {
        Execution e = execution(ExecutionStatus.IN_PROGRESS, CREATED, null, null, null);
        StepRun running = new StepRun(e.id(), "a", 1, null, StepStatus.IN_PROGRESS, 1, CREATED.plusSeconds(10), null,
                null, null, null, null);
        ObjectNode doc = docs.full(new ExecutionView(e, List.of(running)));
        assertThat(doc.get("duration").asLong()).isEqualTo(60_000);
        clock.advance(Duration.ofSeconds(5));
        assertThat(docs.full(new ExecutionView(e, List.of(running))).get("duration").asLong()).isEqualTo(65_000);
        assertThat(doc.get("steps").get(0).get("duration").asLong()).isEqualTo(50_000);
        assertThat(doc.get("steps").get(0).get("taskName").asText()).isEqualTo("a");
    }

    @Test
    void a_step_not_yet_started_has_no_start_time_zero_duration_and_empty_outputs() {
        Execution e = execution(ExecutionStatus.NOT_STARTED, null, null, null, null);
        ObjectNode doc = docs.full(new ExecutionView(e, List.of(StepRun.notStarted(e.id(), "a", 1, "A"))));
        assertThat(doc.get("duration").asLong()).isZero();
        ObjectNode s = (ObjectNode) doc.get("steps").get(0);
        assertThat(s.get("startTime").isNull()).isTrue();
        assertThat(s.get("duration").asLong()).isZero();
        assertThat(s.get("attempt").asInt()).isZero();
        assertThat(s.get("outputs").isObject()).isTrue();
        assertThat(s.get("outputs")).isEmpty();
        assertThat(s.get("flowTaskStatus").asText()).isEqualTo("notstarted");
    }

    @Test
    void a_failed_execution_carries_its_error_and_a_child_run_its_parent() {
        Execution e = execution(ExecutionStatus.FAILURE, CREATED, CREATED.plusSeconds(1), "Step 'a' failed", "parent1");
        StepRun failed = new StepRun(e.id(), "a", 1, "A", StepStatus.FAILURE, 2, CREATED, CREATED.plusSeconds(1),
                null, "HTTP 500", null, null);
        ObjectNode doc = docs.full(new ExecutionView(e, List.of(failed)));
        assertThat(doc.get("status").asText()).isEqualTo("failure");
        assertThat(doc.get("error").asText()).isEqualTo("Step 'a' failed");
        assertThat(doc.get("parentActivityId").asText()).isEqualTo("parent1");
        assertThat(doc.get("steps").get(0).get("error").asText()).isEqualTo("HTTP 500");
        assertThat(doc.get("steps").get(0).get("attempt").asInt()).isEqualTo(2);
    }

    @Test
    void the_summary_has_no_steps() {
        Execution e = execution(ExecutionStatus.WAITING, CREATED, null, null, null);
        ObjectNode doc = docs.summary(e);
        assertThat(doc.has("steps")).isFalse();
        assertThat(doc.get("status").asText()).isEqualTo("waiting");
    }

    @Test
    void dates_are_formatted_in_utc_whatever_the_instant() {
        assertThat(StatusDocuments.format(Instant.parse("2026-03-29T01:30:00.5+02:00")))
                .isEqualTo("2026-03-28T23:30:00.500+0000");
        assertThat(StatusDocuments.format(null)).isNull();
    }
}
