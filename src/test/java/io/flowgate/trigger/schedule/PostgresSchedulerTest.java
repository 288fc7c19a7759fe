package io.flowgate.trigger.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.engine.Execution;
import io.flowgate.store.ScheduleState;
import io.flowgate.it.PostgresDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PostgresSchedulerTest extends SchedulerContract {
    private String database;

    @Override
    String databaseUrl() {
        if (database == null) {
            database = PostgresDatabases.create("flowgate_sched");
        }
        return PostgresDatabases.url(database);
    }

    @AfterEach
    void dropDatabase() {
        stopNodes();
        nodes.clear();
        if (database != null) {
            PostgresDatabases.drop(database);
        }
    }

    @Test
    void two_nodes_on_one_database_fire_each_slot_exactly_once() throws Exception {
        ScheduleNode other = open("b");
        for (int i = 0; i < 5; i++) {
            node.save(workflow("pair" + i, every("*/2 * * * * *", ""), LOG));
        }
        try (ExecutorService both = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int second = 0; second < 40; second++) {
                clock.advance(Duration.ofSeconds(1));
                CompletableFuture<Void> a = CompletableFuture.runAsync(node::fire, both);
                CompletableFuture<Void> b = CompletableFuture.runAsync(other::fire, both);
                a.get();
                b.get();
            }
        }
        for (int i = 0; i < 5; i++) {
            List<Execution> runs = node.runs("pair" + i);
            List<Instant> slots = slots(runs);
            assertThat(slots).hasSize(20).doesNotHaveDuplicates();
            assertThat(slots.getFirst()).isEqualTo(T0.plusSeconds(2));
            assertThat(slots.getLast()).isEqualTo(T0.plusSeconds(40));
        }
    }

    @Test
    void saving_a_workflow_while_two_nodes_admit_its_slots_neither_fails_nor_doubles_nor_strands_a_schedule()
            throws Exception {
        ScheduleNode other = open("b");
        node.save(workflow("busy", every("* * * * * *", "input: {v: 0}"), LOG));
        try (ExecutorService all = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int second = 1; second <= 30; second++) {
                clock.advance(Duration.ofSeconds(1));
                String revision = workflow("busy", every("* * * * * *", "input: {v: " + second + "}"), LOG);
                CompletableFuture<Void> a = CompletableFuture.runAsync(node::fire, all);
                CompletableFuture<Void> b = CompletableFuture.runAsync(other::fire, all);
                CompletableFuture<Void> save = CompletableFuture.runAsync(() -> other.save(revision), all);
                a.get();
                b.get();
                save.get();
            }
        }
        List<Execution> runs = node.runs("busy");
        assertThat(runs).extracting(Execution::id).doesNotHaveDuplicates();
        assertThat(slots(runs)).doesNotHaveDuplicates().isNotEmpty();
        ScheduleState s = node.scheduler.find("default:busy:0").orElseThrow();
        assertThat(s.armedId()).isNotNull();
        assertThat(node.executions.find(s.armedId()).orElseThrow().deferred()).isTrue();
        clock.advance(Duration.ofSeconds(1));
        node.fire();
        assertThat(node.runs("busy")).hasSizeGreaterThan(runs.size());
    }
}
