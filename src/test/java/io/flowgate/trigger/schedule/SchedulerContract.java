package io.flowgate.trigger.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.core.SettableClock;
import io.flowgate.core.TriggerKind;
import io.flowgate.engine.Execution;
import io.flowgate.engine.StepRun;
import io.flowgate.engine.StepStatus;
import io.flowgate.expr.TriggerData;
import io.flowgate.store.ScheduleState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;



/** The scheduler against a real store, driven by a settable clock; run on SQLite and on PostgreSQL. */
abstract class SchedulerContract {
    static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    final SettableClock clock = new SettableClock(T0);
    final AtomicInteger missed = new AtomicInteger();
    final AtomicInteger skipped = new AtomicInteger();
    final List<ScheduleNode> nodes = new ArrayList<>();
    ScheduleNode node;

    /** A fresh, empty database for this test. */
    abstract String databaseUrl();

    @BeforeEach
    void startNode() {
        node = open("a");
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(ScheduleNode::close);
    }

    ScheduleNode open(String nodeId) {
        ScheduleNode n = new ScheduleNode(databaseUrl(), nodeId, clock, new ScheduleListener() {
            @Override
            public void missed(int slots) {
                missed.addAndGet(slots);
            }

            @Override
            public void skipped(int slots) {
                skipped.addAndGet(slots);
            }
        });
        nodes.add(n);
        return n;
    }

    static String workflow(String id, String scheduleEntries, String step) {
        return "id: " + id + "\ntriggers:\n  schedule:\n" + scheduleEntries + "steps:\n" + step;
    }

    static String every(String cron, String extra) {
        return "    - cron: \"" + cron + "\"\n" + (extra.isEmpty() ? "" : "      " + extra + "\n");
    }

    static final String LOG = "  - id: say\n    type: log\n    message: hi\n";
    static final String SLEEP = "  - id: nap\n    type: sleep\n    duration: PT1H\n";

    static List<Instant> slots(List<Execution> runs) {
        return runs.stream().map(e -> Instant.parse(e.context().path("trigger").path("scheduledTime").asText()))
                .sorted().toList();
    }

    void advanceTo(String isoInstant) {
        clock.set(Instant.parse(isoInstant));
    }

    @Test
    void a_seconds_field_schedule_fires_every_slot_once_without_gaps() {
        node.save(workflow("tick", every("*/5 * * * * *", "input: {report: daily}"), LOG));
        for (int i = 0; i < 60; i++) {
            clock.advance(Duration.ofSeconds(1));
            node.fire();
            node.fire(); // a second pass at the same instant finds nothing new
        }
        List<Execution> runs = node.runs("tick");
        List<Instant> expected = new ArrayList<>();
        for (int s = 5; s <= 60; s += 5) {
            expected.add(T0.plusSeconds(s));
        }
        assertThat(slots(runs)).containsExactlyElementsOf(expected);
        assertThat(runs).extracting(Execution::id).doesNotHaveDuplicates();
        assertThat(runs).allSatisfy(e -> {
            assertThat(e.trigger()).isEqualTo(TriggerKind.SCHEDULE);
            assertThat(e.context().path("inputs").path("report").asText()).isEqualTo("daily");
        });
        ScheduleState s = node.scheduler.find("default:tick:0").orElseThrow();
        assertThat(s.fired()).isEqualTo(12);
        assertThat(s.lastSlot()).isEqualTo(T0.plusSeconds(60));
        assertThat(s.lastLatenessMs()).isZero();
        assertThat(s.nextFireAt()).isEqualTo(T0.plusSeconds(65));
    }

    @Test
    void after_a_downtime_misfire_policies_skip_run_once_or_run_all_missed_slots() {
        node.save(workflow("m-skip", every("* * * * *", "misfire: skip"), LOG));
        node.save(workflow("m-once", every("* * * * *", ""), LOG));
        node.save(workflow("m-all", every("* * * * *", "misfire: all"), LOG));
        advanceTo("2026-01-05T10:10:30Z"); // down since 10:00: slots 10:01 … 10:10, only 10:10 within the grace
        node.fire();
        assertThat(slots(node.runs("m-skip"))).containsExactly(Instant.parse("2026-01-05T10:10:00Z"));
        assertThat(slots(node.runs("m-once"))).containsExactly(Instant.parse("2026-01-05T10:09:00Z"),
                Instant.parse("2026-01-05T10:10:00Z"));
        assertThat(slots(node.runs("m-all"))).hasSize(10).doesNotHaveDuplicates();
        assertThat(node.scheduler.find("default:m-skip:0").orElseThrow().missed()).isEqualTo(9);
        assertThat(node.scheduler.find("default:m-once:0").orElseThrow().missed()).isEqualTo(8);
        assertThat(node.scheduler.find("default:m-all:0").orElseThrow().missed()).isZero();
        assertThat(missed.get()).isEqualTo(17);
        advanceTo("2026-01-05T10:11:00Z");
        node.fire();
        assertThat(node.runs("m-skip")).hasSize(2);
        assertThat(node.runs("m-once")).hasSize(3);
        assertThat(node.runs("m-all")).hasSize(11);
    }

    @Test
    void a_node_that_dies_after_claiming_a_slot_hands_it_over_once_its_lease_expires() {
        node.save(workflow("crash", every("* * * * *", ""), LOG));
        Instant slot = Instant.parse("2026-01-05T10:01:00Z");
        assertThat(node.all("crash")).singleElement().satisfies(timer -> {
            assertThat(timer.deferred()).isTrue();
            assertThat(timer.wakeAt()).isEqualTo(slot);
            assertThat(timer.id()).isEqualTo(ScheduleIds.execution("default:crash:0", slot));
        });
        advanceTo("2026-01-05T10:01:00Z");
        // The dead node's claim loop took the timer, then the node died before admitting it.
        assertThat(node.executions.claim("dead", clock.instant(), clock.instant().plusSeconds(30), 10)).hasSize(1);

        ScheduleNode other = open("b");
        clock.advance(Duration.ofSeconds(10));
        other.fire();
        assertThat(other.runs("crash")).isEmpty();
        clock.advance(Duration.ofSeconds(25)); // the dead node's lease has expired
        other.fire();
        assertThat(slots(other.runs("crash"))).containsExactly(slot);
        ScheduleState s = other.scheduler.find("default:crash:0").orElseThrow();
        assertThat(s.lastLatenessMs()).isEqualTo(35_000);
        assertThat(s.nextFireAt()).isEqualTo(Instant.parse("2026-01-05T10:02:00Z"));
        advanceTo("2026-01-05T10:02:00Z");
        other.fire();
        other.fire();
        assertThat(slots(other.runs("crash"))).containsExactly(slot, Instant.parse("2026-01-05T10:02:00Z"));
    }

    @Test
    void a_node_that_dies_after_admitting_a_slot_leaves_one_run_that_another_node_finishes() {
        node.save(workflow("crash", every("* * * * *", ""), LOG));
        advanceTo("2026-01-05T10:01:00Z");
        String timer = node.executions.claim(node.owner.toString(), clock.instant(), clock.instant().plusSeconds(30), 10).getFirst().id();
        // Admitted (the slot's run and the next timer are committed), then the node died before driving it.
        assertThat(node.scheduler.admit(List.of(timer))).containsExactly(timer);

        ScheduleNode other = open("b");
        clock.advance(Duration.ofSeconds(31));
        other.fire();
        other.fire();
        List<Execution> runs = other.runs("crash");
        assertThat(runs).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(timer);
            assertThat(e.status()).isEqualTo(io.flowgate.engine.ExecutionStatus.COMPLETED);
        });
        assertThat(other.scheduler.find("default:crash:0").orElseThrow().fired()).isEqualTo(1);
    }

    @Test
    void cancelling_the_upcoming_run_skips_that_slot_and_the_schedule_goes_on() {
        node.save(workflow("skipme", every("* * * * *", ""), LOG));
        Execution upcoming = node.all("skipme").getFirst();
        node.engine.cancel(upcoming.id());
        ScheduleState s = node.scheduler.find("default:skipme:0").orElseThrow();
        assertThat(s.nextFireAt()).isEqualTo(Instant.parse("2026-01-05T10:02:00Z"));
        advanceTo("2026-01-05T10:02:00Z");
        node.fire();
        assertThat(node.runs("skipme")).extracting(Execution::status).containsExactly(
                io.flowgate.engine.ExecutionStatus.COMPLETED, io.flowgate.engine.ExecutionStatus.CANCELLED);
    }

    @Test
    void schedule_timers_are_waiting_executions_on_the_engine_timer_and_hidden_from_run_lists() {
        node.save(workflow("timer", every("*/10 * * * * *", ""), LOG));
        Execution timer = node.all("timer").getFirst();
        assertThat(timer.status()).isEqualTo(io.flowgate.engine.ExecutionStatus.WAITING);
        assertThat(timer.wakeAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(node.executions.nextWakeAt()).contains(T0.plusSeconds(10));
        assertThat(node.runs("timer")).isEmpty();
        assertThat(node.executions.countActive()).isZero();
        assertThat(node.scheduler.find("default:timer:0").orElseThrow().armedId()).isEqualTo(timer.id());
        clock.advance(Duration.ofSeconds(9));
        node.fire();
        assertThat(node.runs("timer")).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        node.fire();
        assertThat(node.runs("timer")).singleElement().satisfies(run -> assertThat(run.id()).isEqualTo(timer.id()));
        assertThat(node.all("timer").getFirst().wakeAt()).isEqualTo(T0.plusSeconds(20));
    }

    @Test
    void a_schedule_stored_before_timers_were_executions_is_armed_at_the_slot_it_was_waiting_for() {
        node.save(workflow("legacy", every("* * * * *", ""), LOG));
        String timer = node.all("legacy").getFirst().id();
        node.database.writes().write(tx -> {
            tx.execute("DELETE FROM executions WHERE id = ?", timer);
            return tx.execute("UPDATE schedules SET armed_id = NULL");
        });
        advanceTo("2026-01-05T10:01:30Z"); // the slot passed while no timer existed
        node.scheduler.syncAll();
        node.fire();
        assertThat(slots(node.runs("legacy"))).containsExactly(Instant.parse("2026-01-05T10:01:00Z"));
        assertThat(node.scheduler.find("default:legacy:0").orElseThrow().nextFireAt())
                .isEqualTo(Instant.parse("2026-01-05T10:02:00Z"));
    }

    @Test
    void a_timer_whose_next_slot_already_ran_moves_past_it() {
        node.save(workflow("ahead", every("* * * * *", ""), LOG));
        Instant second = Instant.parse("2026-01-05T10:02:00Z");
        // The 10:02 slot's run exists before its time (as a backfill would have made it).
        node.engine.startOnce(ScheduleIds.execution("default:ahead:0", second), "default", "ahead",
                TriggerKind.SCHEDULE, TriggerData.schedule(second).toJson(), null);
        advanceTo("2026-01-05T10:01:00Z");
        node.fire();
        assertThat(node.scheduler.find("default:ahead:0").orElseThrow().nextFireAt())
                .isEqualTo(Instant.parse("2026-01-05T10:03:00Z"));
        advanceTo("2026-01-05T10:03:00Z");
        node.fire();
        assertThat(slots(node.runs("ahead"))).containsExactly(Instant.parse("2026-01-05T10:01:00Z"), second,
                Instant.parse("2026-01-05T10:03:00Z"));
    }

    @Test
    void a_failed_admission_gives_the_timer_up_and_it_comes_due_again_later() {
        node.save(workflow("flaky", every("* * * * *", ""), LOG));
        String timer = node.all("flaky").getFirst().id();
        node.engine.gate(new io.flowgate.engine.StartGate() {
            @Override
            public List<String> admit(List<String> due) {
                throw new IllegalStateException("database unreachable");
            }

            @Override
            public void cancelled(Execution execution) {}
        });
        advanceTo("2026-01-05T10:01:00Z");
        node.fire();
        assertThat(node.runs("flaky")).isEmpty();
        assertThat(node.executions.find(timer).orElseThrow().wakeAt()).isEqualTo(Instant.parse("2026-01-05T10:01:05Z"));
        node.engine.gate(node.scheduler);
        clock.advance(Duration.ofSeconds(4));
        node.fire();
        assertThat(node.runs("flaky")).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        node.fire();
        assertThat(slots(node.runs("flaky"))).containsExactly(Instant.parse("2026-01-05T10:01:00Z"));
        assertThat(node.scheduler.find("default:flaky:0").orElseThrow().lastLatenessMs()).isEqualTo(5_000);
    }

    @Test
    void concurrency_skip_drops_a_slot_while_the_previous_run_is_still_going() {
        node.save(workflow("slow", every("* * * * *", "concurrency: skip"), SLEEP));
        advanceTo("2026-01-05T10:01:00Z");
        node.fire();
        advanceTo("2026-01-05T10:02:00Z");
        node.fire();
        assertThat(node.runs("slow")).hasSize(1);
        assertThat(node.scheduler.find("default:slow:0").orElseThrow().skipped()).isEqualTo(1);
        assertThat(skipped.get()).isEqualTo(1);
        node.engine.cancel(node.runs("slow").getFirst().id());
        advanceTo("2026-01-05T10:03:00Z");
        node.fire();
        assertThat(slots(node.runs("slow"))).containsExactly(Instant.parse("2026-01-05T10:01:00Z"),
                Instant.parse("2026-01-05T10:03:00Z"));
    }

    @Test
    void concurrency_queue_holds_a_slot_until_the_previous_run_ends() {
        node.save(workflow("queued", every("* * * * *", "concurrency: queue"), SLEEP));
        advanceTo("2026-01-05T10:01:00Z");
        node.fire();
        advanceTo("2026-01-05T10:02:00Z");
        node.fire();
        assertThat(node.runs("queued")).hasSize(1);
        node.engine.cancel(node.runs("queued").getFirst().id());
        advanceTo("2026-01-05T10:02:02Z");
        node.fire();
        assertThat(slots(node.runs("queued"))).containsExactly(Instant.parse("2026-01-05T10:01:00Z"),
                Instant.parse("2026-01-05T10:02:00Z"));
        assertThat(node.scheduler.find("default:queued:0").orElseThrow().lastLatenessMs()).isEqualTo(2_000);
    }

    @Test
    void a_new_revision_changes_or_removes_schedules_at_once() {
        node.save(workflow("rev", every("0 * * * *", ""), LOG));
        assertThat(node.scheduler.list(null, "rev")).singleElement()
                .satisfies(s -> assertThat(s.nextFireAt()).isEqualTo(Instant.parse("2026-01-05T11:00:00Z")));
        node.save(workflow("rev", every("30 * * * *", "") + every("45 * * * *", ""), LOG));
        assertThat(node.scheduler.list(null, "rev")).extracting(ScheduleState::nextFireAt).containsExactly(
                Instant.parse("2026-01-05T10:30:00Z"), Instant.parse("2026-01-05T10:45:00Z"));
        node.save("id: rev\nsteps:\n" + LOG);
        assertThat(node.scheduler.list(null, "rev")).isEmpty();
        advanceTo("2026-01-05T11:00:00Z");
        node.fire();
        assertThat(node.runs("rev")).isEmpty();
    }

    @Test
    void a_paused_schedule_does_not_fire_and_resumes_from_now() {
        node.save(workflow("nap", every("* * * * *", ""), LOG));
        node.scheduler.pause("default:nap:0");
        advanceTo("2026-01-05T10:05:00Z");
        node.fire();
        assertThat(node.runs("nap")).isEmpty();
        ScheduleState resumed = node.scheduler.resume("default:nap:0");
        assertThat(resumed.paused()).isFalse();
        assertThat(resumed.nextFireAt()).isEqualTo(Instant.parse("2026-01-05T10:06:00Z"));
        advanceTo("2026-01-05T10:06:00Z");
        node.fire();
        assertThat(slots(node.runs("nap"))).containsExactly(Instant.parse("2026-01-05T10:06:00Z"));
    }

    @Test
    void backfill_runs_every_slot_in_the_range_once_and_skips_slots_that_already_fired() {
        node.save(workflow("back", every("* * * * *", ""), LOG));
        advanceTo("2026-01-05T10:01:00Z");
        node.fire();
        Scheduler.Backfill first = node.scheduler.backfill("default:back:0", Instant.parse("2026-01-05T09:55:00Z"),
                Instant.parse("2026-01-05T10:01:00Z"));
        assertThat(first.started()).hasSize(6);
        assertThat(first.alreadyFired()).isEqualTo(1);
        Scheduler.Backfill again = node.scheduler.backfill("default:back:0", Instant.parse("2026-01-05T09:50:00Z"),
                Instant.parse("2026-01-05T09:56:00Z"));
        assertThat(again.started()).hasSize(5);
        assertThat(again.alreadyFired()).isEqualTo(2);
        assertThat(slots(node.runs("back"))).hasSize(12).doesNotHaveDuplicates();
    }

    @Test
    void a_run_is_created_at_its_slot_not_when_its_timer_was_armed() {
        node.save(workflow("created", every("*/10 * * * * *", ""), LOG)); // the 10:00:10 timer is armed at 10:00:00
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(10));
            node.fire();
        }
        // Newest first, each created at the slot it ran for (armed one period earlier, admitted at the slot).
        assertThat(node.runs("created")).extracting(Execution::createdAt)
                .containsExactly(T0.plusSeconds(30), T0.plusSeconds(20), T0.plusSeconds(10));
        assertThat(node.runs("created")).allSatisfy(run -> assertThat(run.startedAt()).isEqualTo(run.createdAt()));
        assertThat(node.runsCreatedBetween("created", T0.plusSeconds(10), T0.plusSeconds(20)))
                .extracting(Execution::createdAt).containsExactly(T0.plusSeconds(10));
    }

    @Test
    void catch_up_and_backfilled_runs_are_created_at_their_slots_and_listed_in_slot_order() {
        node.save(workflow("late", every("* * * * *", "misfire: all"), LOG));
        advanceTo("2026-01-05T10:03:30Z"); // down since 10:00: slots 10:01 … 10:03 run now, late
        node.fire();
        Instant now = clock.instant();
        Scheduler.Backfill backfill = node.scheduler.backfill("default:late:0", Instant.parse("2026-01-05T09:58:00Z"),
                Instant.parse("2026-01-05T09:59:00Z"));
        assertThat(backfill.started()).hasSize(2);
        List<Execution> runs = node.runs("late");
        assertThat(runs).extracting(Execution::createdAt).containsExactly(Instant.parse("2026-01-05T10:03:00Z"),
                Instant.parse("2026-01-05T10:02:00Z"), Instant.parse("2026-01-05T10:01:00Z"),
                Instant.parse("2026-01-05T09:59:00Z"), Instant.parse("2026-01-05T09:58:00Z"));
        assertThat(runs).allSatisfy(run -> assertThat(run.createdAt()).isEqualTo(slots(List.of(run)).getFirst()));
        assertThat(runs.subList(0, 3)).allSatisfy(late -> assertThat(late.startedAt()).isEqualTo(now));
    }

    @Test
    void a_when_condition_reads_the_engine_clock() {
        String step = "  - id: first\n    type: log\n    message: hi\n"
                + "    when: \"$now() = '2026-01-05T10:00:05.000Z'\"\n";
        node.save(workflow("clocked", every("*/5 * * * * *", ""), step));
        clock.advance(Duration.ofSeconds(5));
        node.fire();
        clock.advance(Duration.ofSeconds(5));
        node.fire();
        List<Execution> runs = node.runs("clocked");
        assertThat(runs).hasSize(2);
        assertThat(node.engine.get(runs.getLast().id()).orElseThrow().steps()).singleElement()
                .extracting(StepRun::status).isEqualTo(StepStatus.COMPLETED);
        assertThat(node.engine.get(runs.getFirst().id()).orElseThrow().steps()).singleElement()
                .extracting(StepRun::status).isEqualTo(StepStatus.SKIPPED);
    }

    @Test
    void a_one_off_schedule_fires_once_at_its_time() {
        node.save(workflow("once", "    - at: 2026-01-05T10:00:30Z\n", LOG));
        advanceTo("2026-01-05T10:00:31Z");
        node.fire();
        advanceTo("2026-01-05T12:00:00Z");
        node.fire();
        assertThat(slots(node.runs("once"))).containsExactly(Instant.parse("2026-01-05T10:00:30Z"));
        assertThat(node.scheduler.find("default:once:0").orElseThrow().nextFireAt()).isNull();
    }

    @Test
    void schedules_of_a_deleted_workflow_are_removed() {
        node.save(workflow("gone", every("* * * * *", ""), LOG));
        node.workflows.delete("default", "gone");
        assertThat(node.scheduler.list(null, null)).isEmpty();
        assertThat(node.scheduler.list(List.of("default"), null)).extracting(ScheduleState::id)
                .isSortedAccordingTo(Comparator.naturalOrder());
    }
}
