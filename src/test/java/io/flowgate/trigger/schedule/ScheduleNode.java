package io.flowgate.trigger.schedule;

import io.flowgate.cluster.Membership;
import io.flowgate.cluster.MembershipListener;
import io.flowgate.core.LeaseOwner;
import io.flowgate.core.OutboundPolicy;
import io.flowgate.engine.EngineListener;
import io.flowgate.engine.Execution;
import io.flowgate.engine.ExecutionQuery;
import io.flowgate.engine.steps.StepTypes;
import io.flowgate.engine.worker.Engine;
import io.flowgate.engine.worker.EngineSettings;
import io.flowgate.store.WorkflowStore;
import io.flowgate.store.jdbc.Database;
import io.flowgate.store.jdbc.JdbcExecutionStore;
import io.flowgate.store.jdbc.JdbcNodeStore;
import io.flowgate.store.jdbc.JdbcScheduleStore;
import io.flowgate.store.jdbc.JdbcWorkflowStore;
import io.flowgate.trigger.TriggerValidation;
import io.flowgate.workflow.WorkflowParser;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One node for scheduler tests: its own database handle, engine and scheduler on a shared clock. The engine's
 * claim loop is not started: tests call {@link #fire()} after moving the clock, which claims what is due and
 * waits until it is admitted and driven.
 */
final class ScheduleNode implements AutoCloseable {
    static final StepTypes STEP_TYPES = StepTypes.discover();
    final Database database;
    final Engine engine;
    final Scheduler scheduler;
    final WorkflowStore workflows;
    final JdbcScheduleStore schedules;
    final JdbcExecutionStore executions;
    /** This node's lease owner token (its id and the epoch it joined with). */
    final LeaseOwner owner;
    private final WorkflowParser parser = new WorkflowParser(STEP_TYPES, TriggerValidation.all());

    ScheduleNode(String jdbcUrl, String nodeId, Clock clock, ScheduleListener listener) {
        this.database = Database.open(jdbcUrl);
        this.executions = new JdbcExecutionStore(database);
        JdbcWorkflowStore plain = new JdbcWorkflowStore(database, clock);
        // Joining takes a new epoch and frees what an earlier life of this node id held, as App does.
        this.owner = new Membership(new JdbcNodeStore(database), new Membership.Settings(nodeId,
                "http://127.0.0.1", "test", Duration.ofSeconds(30)), clock, MembershipListener.NONE).join();
        this.engine = new Engine(new EngineSettings(owner, Duration.ofSeconds(30), 64, Duration.ofSeconds(1)),
                executions, plain, STEP_TYPES, clock, Map::of, HttpClient.newHttpClient(),
                new OutboundPolicy(List.of()), EngineListener.NONE);
        this.schedules = new JdbcScheduleStore(database);
        this.scheduler = new Scheduler(new SchedulerSettings(owner, Duration.ofMinutes(1), Duration.ofSeconds(30)),
                schedules, engine, plain, clock, listener);
        engine.gate(scheduler);
        this.workflows = scheduler.watching(plain);
    }

    void save(String yaml) {
        workflows.save(parser.parse(yaml, WorkflowParser.Format.YAML), yaml);
    }

    void fire() {
        try {
            engine.runDueAndWait(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every run of the workflow, newest first; a schedule's timer for its next slot is not a run yet. */
    List<Execution> runs(String workflowId) {
        List<Execution> out = new ArrayList<>();
        String cursor = null;
        do {
            var page = engine.list(new ExecutionQuery(null, workflowId, null, null, null, null, null, 500, cursor));
            out.addAll(page.items());
            cursor = page.next();
        } while (cursor != null);
        return out;
    }

    /** The workflow's runs created in [from, to), newest first (one page). */
    List<Execution> runsCreatedBetween(String workflowId, Instant from, Instant to) {
        return engine.list(new ExecutionQuery(null, workflowId, null, null, from, to, null, 500, null)).items();
    }

    /** The workflow's schedule timers (deferred executions of their next slots), then its runs. */
    List<Execution> all(String workflowId) {
        List<Execution> out = new ArrayList<>();
        for (var s : scheduler.list(null, workflowId)) {
            if (s.armedId() != null) {
                out.add(executions.find(s.armedId()).orElseThrow());
            }
        }
        out.addAll(runs(workflowId));
        return out;
    }

    @Override
    public void close() {
        engine.close();
        database.close();
    }
}
