package io.flowgate.trigger.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowgate.core.Problem;
import io.flowgate.core.ValidationException;
import io.flowgate.trigger.TriggerValidation;
import io.flowgate.workflow.WorkflowParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;


class ScheduleSpecTest {
    private final WorkflowParser parser = new WorkflowParser(ScheduleNode.STEP_TYPES, TriggerValidation.all());

    private ValidationException rejected(String scheduleBlock) {
        String yaml = "id: w\ntriggers:\n  schedule:\n" + scheduleBlock + "steps:\n  - {id: a, type: log, message: hi}\n";
        return (ValidationException) org.assertj.core.api.Assertions.catchThrowable(
                () -> parser.parse(yaml, WorkflowParser.Format.YAML));
    }

    @Test
    void a_bad_cron_is_a_problem_at_its_path_naming_the_field() {
        ValidationException e = rejected("    - cron: \"0 9 * * MON-FRI\"\n    - cron: \"61 9 * * *\"\n");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("triggers.schedule[1].cron");
            assertThat(p.message()).startsWith("Invalid minute field");
        });
    }

    @Test
    void every_problem_of_an_entry_is_listed() {
        ValidationException e = rejected("    - at: tomorrow\n      timezone: Mars/Olympus\n      misfire: never\n"
                + "      concurrency: maybe\n      input: 5\n      color: red\n    - {timezone: UTC}\n");
        assertThat(e.problems()).extracting(Problem::path).containsExactlyInAnyOrder("triggers.schedule[0].color",
                "triggers.schedule[0].timezone", "triggers.schedule[0].at", "triggers.schedule[0].input",
                "triggers.schedule[0].misfire", "triggers.schedule[0].concurrency", "triggers.schedule[1]");
    }

    @Test
    void an_entry_reads_its_zone_policies_input_and_a_local_one_off_time() {
        ScheduleSpec spec = ScheduleSpec.parse(io.flowgate.core.Json.read(
                "{\"at\":\"2026-12-24T18:00:00\",\"timezone\":\"Europe/Paris\",\"input\":{\"a\":1},"
                        + "\"misfire\":\"ALL\",\"concurrency\":\"queue\"}"));
        assertThat(spec.at()).isEqualTo(Instant.parse("2026-12-24T17:00:00Z"));
        assertThat(spec.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(spec.input().path("a").asInt()).isEqualTo(1);
        assertThat(spec.misfire()).isEqualTo(ScheduleSpec.Misfire.ALL);
        assertThat(spec.concurrency()).isEqualTo(ScheduleSpec.Concurrency.QUEUE);
        assertThat(spec.next(Instant.parse("2026-12-24T17:00:00Z"))).isEmpty();
        assertThatThrownBy(() -> ScheduleSpec.parse(io.flowgate.core.Json.read("{}")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void slot_plan_defaults_to_running_the_latest_missed_slot_once() {
        ScheduleSpec spec = ScheduleSpec.parse(io.flowgate.core.Json.read("{\"cron\":\"*/10 * * * * *\"}"));
        Instant first = Instant.parse("2026-01-01T00:00:10Z");
        SlotPlan plan = SlotPlan.of(spec, first, Instant.parse("2026-01-01T01:00:05Z"), Duration.ofMinutes(1));
        assertThat(plan.fire()).first().isEqualTo(Instant.parse("2026-01-01T00:59:00Z"));
        assertThat(plan.fire()).hasSize(7).doesNotHaveDuplicates().isSorted();
        assertThat(plan.missed()).isEqualTo(353);
        assertThat(plan.next()).isEqualTo(Instant.parse("2026-01-01T01:00:10Z"));
    }
}
