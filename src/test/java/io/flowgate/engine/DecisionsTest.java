package io.flowgate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.core.Json;
import io.flowgate.workflow.RetryPolicy;
import io.flowgate.workflow.StepDefinition;
import io.flowgate.workflow.Triggers;
import io.flowgate.workflow.WorkflowDefinition;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionsTest {
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    static StepDefinition step(String id, String... needs) {
        return new StepDefinition(id, null, "transform", List.of(needs), null, RetryPolicy.NONE, null, List.of(),
                Json.object());
    }

    static WorkflowDefinition wf(StepDefinition... steps) {
        return new WorkflowDefinition("wf", "wf", "default", null, Triggers.manualOnly(), List.of(steps));
    }

    static StepRun run(String id, StepStatus status) {
        return new StepRun("e", id, 1, id, status, 1, NOW, null, null, status == StepStatus.FAILURE ? "boom" : null,
                null, null);
    }

    static StepRun waiting(String id, Instant wake) {
        return new StepRun("e", id, 1, id, StepStatus.WAITING, 1, NOW, null, null, null, wake, null);
    }

    @Test
    void a_fresh_sequential_workflow_starts_with_its_first_step_only() {
        Plan plan = Decisions.plan(wf(step("a"), step("b", "a"), step("c", "b")), Map.of(), NOW);
        assertThat(plan.outcome()).isEqualTo(Plan.Outcome.CONTINUE);
        assertThat(plan.ready()).containsExactly("a");
    }

    @Test
    void independent_branches_are_ready_together() {
        Plan plan = Decisions.plan(wf(step("a"), step("b", "a"), step("c", "a"), step("d", "b", "c")),
                Map.of("a", run("a", StepStatus.COMPLETED)), NOW);
        assertThat(plan.ready()).containsExactly("b", "c");
    }

    @Test
    void a_join_waits_for_every_need() {
        Map<String, StepRun> runs = new HashMap<>();
        runs.put("a", run("a", StepStatus.COMPLETED));
        runs.put("b", run("b", StepStatus.COMPLETED));
        runs.put("c", run("c", StepStatus.IN_PROGRESS));
        Plan plan = Decisions.plan(wf(step("a"), step("b", "a"), step("c", "a"), step("d", "b", "c")), runs, NOW);
        assertThat(plan.ready()).isEmpty();
        assertThat(plan.outcome()).isEqualTo(Plan.Outcome.CONTINUE);
    }

    @Test
    void a_skipped_need_counts_as_done() {
        Plan plan = Decisions.plan(wf(step("a"), step("b", "a")), Map.of("a", run("a", StepStatus.SKIPPED)), NOW);
        assertThat(plan.ready()).containsExactly("b");
    }

    @Test
    void every_step_done_completes_the_execution() {
        Plan plan = Decisions.plan(wf(step("a"), step("b", "a")),
                Map.of("a", run("a", StepStatus.COMPLETED), "b", run("b", StepStatus.SKIPPED)), NOW);
        assertThat(plan.outcome()).isEqualTo(Plan.Outcome.COMPLETED);
    }

    @Test
    void a_failed_step_fails_the_execution_and_names_the_step() {
        Plan plan = Decisions.plan(wf(step("a"), step("b", "a")), Map.of("a", run("a", StepStatus.FAILURE)), NOW);
        assertThat(plan.outcome()).isEqualTo(Plan.Outcome.FAILED);
        assertThat(plan.failedStep()).isEqualTo("a");
    }

    @Test
    void only_future_timers_left_parks_until_the_earliest() {
        Instant t1 = NOW.plusSeconds(10);
        Instant t2 = NOW.plusSeconds(5);
        Plan plan = Decisions.plan(wf(step("a"), step("b"), step("c", "a", "b")),
                Map.of("a", waiting("a", t1), "b", waiting("b", t2)), NOW);
        assertThat(plan.outcome()).isEqualTo(Plan.Outcome.WAIT);
        assertThat(plan.wakeAt()).isEqualTo(t2);
    }

    @Test
    void a_timer_that_came_due_makes_its_step_due() {
        Plan plan = Decisions.plan(wf(step("a")), Map.of("a", waiting("a", NOW)), NOW);
        assertThat(plan.due()).containsExactly("a");
        assertThat(plan.outcome()).isEqualTo(Plan.Outcome.CONTINUE);
    }

    @Test
    void a_step_waiting_for_an_event_parks_without_a_timer() {
        Plan plan = Decisions.plan(wf(step("a")), Map.of("a", waiting("a", null)), NOW);
        assertThat(plan.outcome()).isEqualTo(Plan.Outcome.WAIT);
        assertThat(plan.wakeAt()).isNull();
    }
}
