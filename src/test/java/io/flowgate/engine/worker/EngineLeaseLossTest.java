package io.flowgate.engine.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowgate.core.Json;
import io.flowgate.core.LeaseLoss;
import io.flowgate.core.LeaseOwner;
import io.flowgate.core.OutboundPolicy;
import io.flowgate.core.SettableClock;
import io.flowgate.core.TriggerKind;
import io.flowgate.engine.EngineListener;
import io.flowgate.engine.Execution;
import io.flowgate.engine.ExecutionStatus;
import io.flowgate.engine.StepRun;
import io.flowgate.engine.StepStatus;
import io.flowgate.engine.steps.StepTypes;
import io.flowgate.it.Receiver;
import io.flowgate.store.Transition;
import io.flowgate.store.jdbc.Database;
import io.flowgate.store.jdbc.JdbcExecutionStore;
import io.flowgate.store.jdbc.JdbcWorkflowStore;
import io.flowgate.trigger.TriggerValidation;
import io.flowgate.workflow.WorkflowParser;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine reports a lost lease when its driver's write is refused because another node claimed the run
 * meanwhile, and does not when the run was cancelled. The engine's loops are not started, so its lease is
 * never renewed: moving the settable clock past it is the pause.
 */
class EngineLeaseLossTest {
    static final Duration LEASE = Duration.ofMinutes(10);
    static final StepTypes STEP_TYPES = StepTypes.discover();

    @TempDir
    Path dir;
    final SettableClock clock = new SettableClock(Instant.parse("2026-02-01T10:00:00Z"));
    final List<String> lost = new CopyOnWriteArrayList<>();
    final CountDownLatch answer = new CountDownLatch(1);
    Database db;
    JdbcExecutionStore executions;
    Engine engine;
    Receiver receiver;

    @BeforeEach
    void open() throws Exception {
        db = Database.open("jdbc:sqlite:" + dir.resolve("flowgate.db"));
        executions = new JdbcExecutionStore(db);
        JdbcWorkflowStore workflows = new JdbcWorkflowStore(db, clock);
        receiver = new Receiver().answer(call -> {
            try {
                answer.await(30, TimeUnit.SECONDS); // the call is in flight until the test lets it answer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Receiver.Answer.ok("{}");
        });
        String yaml = """
                id: held
                steps:
                  - id: call
                    type: http
                    request: { method: POST, url: "%s" }
                """.formatted(receiver.url("/x"));
        workflows.save(new WorkflowParser(STEP_TYPES, TriggerValidation.all()).parse(yaml,
                WorkflowParser.Format.YAML), yaml);
        engine = new Engine(new EngineSettings(new LeaseOwner("node-a", 1), LEASE, 8, Duration.ofSeconds(1)),
                executions, workflows, STEP_TYPES, clock, Map::of, HttpClient.newHttpClient(),
                new OutboundPolicy(List.of("127.0.0.0/8")), EngineListener.NONE);
        engine.leaseLoss((kind, id) -> lost.add(kind.wire() + " " + id));
    }

    @AfterEach
    void close() {
        answer.countDown();
        engine.close();
        receiver.close();
        db.close();
    }

    Execution startAndWaitForTheCall() {
        int before = receiver.calls().size();
        Execution e = engine.start(null, "held", null, TriggerKind.MANUAL, Json.object(), Json.object(), null);
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.calls().size() == before + 1);
        return e;
    }

    @Test
    void a_result_after_another_node_claimed_the_run_is_refused_and_reported() {
        Execution e = startAndWaitForTheCall();
        clock.advance(LEASE.plusSeconds(1)); // node-a froze past its lease
        Instant now = clock.instant();
        assertThat(executions.claim("node-b#1", now, now.plus(LEASE), 10)).extracting(c -> c.id())
                .containsExactly(e.id());

        answer.countDown();

        await().atMost(Duration.ofSeconds(20)).until(() -> lost.equals(List.of("execution " + e.id())));
        assertThat(executions.find(e.id()).orElseThrow().status()).isEqualTo(ExecutionStatus.IN_PROGRESS);
        assertThat(executions.steps(e.id())).allSatisfy(s -> assertThat(s.status().terminal())
                .as("node-a's result was not written").isFalse());
    }

    @Test
    void a_result_after_the_run_was_cancelled_on_another_node_is_refused_without_a_report() {
        Execution e = startAndWaitForTheCall();
        // Another node's cancel: the same guarded write Engine.cancel makes, without aborting this node's driver.
        Execution running = executions.find(e.id()).orElseThrow();
        List<StepRun> cancelled = executions.steps(e.id()).stream()
                .map(r -> r.with(StepStatus.CANCELLED, clock.instant(), r.outputs(), r.error())).toList();
        assertThat(executions.apply(new Transition(e.id(), null, running.ended(ExecutionStatus.CANCELLED,
                clock.instant(), "Cancelled"), cancelled, null, null))).isTrue();

        answer.countDown();

        await().atMost(Duration.ofSeconds(20)).until(() -> engine.activeCount() == 0);
        assertThat(lost).isEmpty();
        assertThat(executions.find(e.id()).orElseThrow().status()).isEqualTo(ExecutionStatus.CANCELLED);
    }
}
