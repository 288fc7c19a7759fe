package io.flowgate.engine.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.engine.DataPillsContext;
import io.flowgate.engine.Decisions;
import io.flowgate.engine.Execution;
import io.flowgate.engine.ExecutionStatus;
import io.flowgate.engine.Plan;
import io.flowgate.engine.StepRun;
import io.flowgate.engine.StepStatus;
import io.flowgate.engine.steps.StepContext;
import io.flowgate.engine.steps.StepResult;
import io.flowgate.engine.steps.StepType;
import io.flowgate.expr.Expression;
import io.flowgate.store.NewDelivery;
import io.flowgate.store.Transition;
import io.flowgate.workflow.StepDefinition;
import io.flowgate.workflow.WorkflowDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Drives one claimed execution as far as it can go now: runs ready steps (independent ones in
 * parallel), persists every step result before acting on it, and stops when the execution ends,
 * parks (only waiting steps left), or the lease is lost (cancelled, or another node took over).
 *
 * <p>One driver per execution at a time (see {@link Dispatcher}); step attempts run on their own
 * virtual threads and report back through a queue, so all state changes happen on this thread.
 */
final class ExecutionDriver {
    private final EngineContext engine;
    private final Map<String, StepRun> runs = new LinkedHashMap<>();
    private final Map<String, InFlight> inFlight = new HashMap<>();
    private final BlockingQueue<StepOutcome> outcomes = new LinkedBlockingQueue<>();
    private Execution execution;
    /** The data pills in the expression library's form, updated per step instead of rebuilt per expression. */
    private io.flowgate.expr.LivePills pills;
    private WorkflowDefinition definition;
    /** The execution row changed in memory and rides along with the next transition. */
    private boolean executionDirty;
    /**
     * Outbound webhook messages (docs/webhooks-outbound.md) that ride with the next transition, so each commits with
     * the change that causes it. A quick step's start is not persisted on its own: its
     * {@code created} message commits with its result.
     */
    private final List<NewDelivery> outbox = new ArrayList<>();
    /**
     * Results of steps without outside effects (and {@code when:} skips) not committed yet: they ride with the
     * next transition — the park, the end, or the start of a step with outside effects — so a chain of such steps
     * costs one commit. After a crash the chain runs again from the last commit, which changes nothing outside.
     */
    private final Map<String, StepRun> unsaved = new LinkedHashMap<>();

    ExecutionDriver(EngineContext engine) {
        this.engine = engine;
    }

    /**
     * Drives {@code executionId}. {@code handed} is the execution this node just inserted, with no step rows yet:
     * it is used as it is instead of being read back. Anything else (a claim, a wake-up, a second pass) is read
     * from the store, because another node or an earlier life of this one may have moved it on.
     */
    void drive(String executionId, Execution handed) throws InterruptedException {
        if (handed != null && handed.status() == ExecutionStatus.NOT_STARTED) {
            definition = engine.revisions().get(handed.team(), handed.workflowId(), handed.revision()).definition();
            execution = handed.started(now());
            executionDirty = true;
            run();
            return;
        }
        execution = engine.store().find(executionId).orElse(null);
        if (execution != null && execution.deferred()) {
            // Normally admitted before a permit was taken; a stray dispatch must not skip the gate.
            if (!engine.admit(execution)) {
                return;
            }
            execution = engine.store().find(executionId).orElse(null);
        }
        if (execution == null || execution.status().terminal()) {
            return;
        }
        definition = engine.revisions().get(execution.team(), execution.workflowId(), execution.revision())
                .definition();
        for (StepRun r : engine.store().steps(executionId)) {
            runs.put(r.stepId(), r);
        }
        if (execution.status() != ExecutionStatus.IN_PROGRESS) {
            execution = execution.started(now());
            executionDirty = true;
        }
        run();
    }

    private void run() throws InterruptedException {
        try {
            loop();
        } finally {
            inFlight.values().forEach(f -> f.task().cancel(true));
        }
    }

    /** Interrupts running attempts (cancel, shutdown); their results then fail to apply and the driver stops. */
    void abort() {
        outcomes.add(new StepOutcome("", -1, null));
    }

    private void loop() throws InterruptedException {
        resumeInterruptedAttempts();
        while (true) {
            Plan plan = Decisions.plan(definition, runs, now());
            switch (plan.outcome()) {
                case COMPLETED -> {
                    end(ExecutionStatus.COMPLETED, null, List.of());
                    return;
                }
                case FAILED -> {
                    end(ExecutionStatus.FAILURE, failure(plan), List.of());
                    return;
                }
                case WAIT -> {
                    park(plan.wakeAt(), List.of());
                    return;
                }
                case CONTINUE -> {
                    if (!plan.hasWork() && inFlight.isEmpty()) {
                        throw new IllegalStateException("Execution " + execution.id() + " has a step in progress"
                                + " that nothing is running");
                    }
                    if (!startReady(plan)) {
                        return;
                    }
                    if (!inFlight.isEmpty() && !awaitOutcome()) {
                        return;
                    }
                }
            }
        }
    }

    /** Waits for the next attempt to report, or for the earliest step timeout; false when the lease was lost. */
    private boolean awaitOutcome() throws InterruptedException {
        InFlight first = inFlight.values().stream().min(java.util.Comparator.comparingLong(InFlight::deadline))
                .orElseThrow();
        long waitNanos = first.deadline() == Long.MAX_VALUE ? Long.MAX_VALUE
                : Math.max(0, first.deadline() - System.nanoTime());
        StepOutcome outcome = outcomes.poll(waitNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        if (outcome != null && outcome.result() == null) {
            return false; // aborted
        }
        if (outcome == null) {
            // The attempt overran its timeout: abandon its thread and count it as a failed attempt.
            first.task().cancel(true);
            outcome = new StepOutcome(first.stepId(), first.attempt(),
                    new StepResult.Failed("Timed out after " + first.timeout(), true));
        }
        InFlight current = inFlight.get(outcome.stepId());
        if (current == null || current.attempt() != outcome.attempt()) {
            return true; // a late answer from an abandoned attempt
        }
        return record(outcome);
    }

    private String failure(Plan plan) {
        return "Step '" + plan.failedStep() + "' failed: " + runs.get(plan.failedStep()).error();
    }

    /** Steps found in progress after a crash resume their attempt: same attempt, same idempotency key. */
    private void resumeInterruptedAttempts() {
        for (StepRun r : List.copyOf(runs.values())) {
            if (r.status() == StepStatus.IN_PROGRESS) {
                launch(definition.step(r.stepId()).orElseThrow(), r);
            }
        }
    }

    /** Starts every ready and due step; false when the lease was lost on the way. */
    private boolean startReady(Plan plan) {
        for (String id : plan.ready()) {
            StepDefinition step = definition.step(id).orElseThrow();
            StepRun run = runs.get(id);
            if (run == null) {
                run = StepRun.notStarted(execution.id(), id, definition.steps().indexOf(step) + 1, step.displayName());
            }
            if (step.when() != null) {
                Instant t = now();
                StepRun decided;
                try {
                    decided = Expression.compile(step.when()).test(context(), engine.clock()) ? null : run.skipped(t);
                } catch (RuntimeException e) {
                    // A broken condition fails its step with a readable message, never the engine.
                    decided = run.startAttempt(t).with(StepStatus.FAILURE, t, null,
                            engine.redact("when: " + describe(e)));
                }
                if (decided != null) {
                    keep(decided); // a decision without outside effects: it commits with what comes next
                    continue;
                }
            }
            StepRun started = run.startAttempt(now());
            StepRun previous = step.needs().isEmpty() ? null : runs.get(step.needs().getLast());
            outbox.addAll(OutboundMessages.stepCreated(execution, step, started, previous, started.startedAt()));
            if (!begin(step, started)) {
                return false;
            }
        }
        for (String id : plan.due()) {
            StepRun run = runs.get(id);
            // A retry back-off ended: new attempt. A Wait ended: the same attempt is called again.
            StepRun next = run.error() != null ? run.startAttempt(now()) : run.resumed();
            if (!begin(definition.step(id).orElseThrow(), next)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Commits the start of a step with outside effects (so status shows it running, and everything before it
     * is durable before it acts), then launches the attempt. A step without outside effects starts in memory.
     */
    private boolean begin(StepDefinition step, StepRun started) {
        StepType type = engine.stepTypes().get(step.type());
        if (type.hasOutsideEffects() && !persist(started)) {
            return false;
        }
        runs.put(step.id(), started);
        launch(step, started);
        return true;
    }

    private void launch(StepDefinition step, StepRun run) {
        StepType type = engine.stepTypes().get(step.type());
        StepContext ctx = new StepContext(execution, step, run, context(), run.state(), engine.clock(),
                engine.services());
        int attempt = run.attempt();
        Future<?> running = engine.executorFor(type).submit(() -> {
            StepResult result;
            try {
                result = type.execute(ctx);
            } catch (InterruptedException e) {
                result = new StepResult.Failed("Interrupted", true);
            } catch (Exception | StackOverflowError e) {
                result = new StepResult.Failed(describe(e), true);
            }
            outcomes.add(new StepOutcome(step.id(), attempt, result));
        });
        Duration timeout = step.timeout();
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        inFlight.put(step.id(), new InFlight(step.id(), attempt, running, deadline, timeout));
    }

    /**
     * A running attempt. Its deadline is on the monotonic {@code System.nanoTime()} scale: a timeout is
     * about real waiting, not about the engine's (settable) clock or wall-clock adjustments.
     */
    private record InFlight(String stepId, int attempt, Future<?> task, long deadline, Duration timeout) {}

    /** Applies one attempt's outcome; false when the driver must stop (lease lost, or the execution ended or parked). */
    private boolean record(StepOutcome outcome) {
        inFlight.remove(outcome.stepId());
        StepRun run = runs.get(outcome.stepId());
        StepDefinition step = definition.step(outcome.stepId()).orElseThrow();
        Instant t = now();
        StepRun next = switch (outcome.result()) {
            case StepResult.Completed c -> run.with(StepStatus.COMPLETED, t, engine.redact(c.outputs()), null);
            case StepResult.Wait w -> run.waitUntil(w.until(), w.state());
            case StepResult.Failed f -> {
                String error = engine.redact(f.error());
                if (f.retryable() && run.attempt() <= step.retry().max()) {
                    double random = ThreadLocalRandom.current().nextDouble();
                    yield run.retryAt(t.plus(step.retry().delayBeforeRetry(run.attempt(), random)), error);
                }
                yield run.with(StepStatus.FAILURE, t, null, error);
            }
        };
        if (next.status() == StepStatus.COMPLETED || next.status() == StepStatus.FAILURE) {
            outbox.addAll(OutboundMessages.stepCompleted(execution, step, next, t));
        }
        if (next.status().terminal()) {
            engine.listener().stepFinished(step.type(), next.status(),
                    Duration.between(next.startedAt() == null ? t : next.startedAt(), t));
        }
        runs.put(step.id(), next);
        // When this outcome decides the execution, the step and the execution's end are one write.
        Plan plan = Decisions.plan(definition, runs, t);
        if (inFlight.isEmpty() && plan.outcome() != Plan.Outcome.CONTINUE) {
            switch (plan.outcome()) {
                case COMPLETED -> end(ExecutionStatus.COMPLETED, null, List.of(next));
                case FAILED -> end(ExecutionStatus.FAILURE, failure(plan), List.of(next));
                default -> park(plan.wakeAt(), List.of(next));
            }
            return false;
        }
        StepType type = engine.stepTypes().get(step.type());
        if (!type.hasOutsideEffects() && !type.answersCaller()) {
            keep(next);
            return true;
        }
        return persist(next);
    }

    /** Ends the execution; steps that never ran are marked cancelled. */
    private void end(ExecutionStatus status, String error, List<StepRun> changed) {
        Instant t = now();
        List<StepRun> steps = new ArrayList<>(changed);
        if (status != ExecutionStatus.COMPLETED) {
            for (int i = 0; i < definition.steps().size(); i++) {
                StepDefinition d = definition.steps().get(i);
                runs.putIfAbsent(d.id(), StepRun.notStarted(execution.id(), d.id(), i + 1, d.displayName()));
            }
            for (StepRun r : List.copyOf(runs.values())) {
                if (!r.status().terminal()) {
                    StepRun c = r.with(StepStatus.CANCELLED, t, r.outputs(), r.error());
                    runs.put(r.stepId(), c);
                    steps.removeIf(s -> s.stepId().equals(c.stepId()));
                    steps.add(c);
                }
            }
        }
        execution = execution.ended(status, t, error);
        executionDirty = true;
        outbox.addAll(OutboundMessages.executionEnded(definition, execution, t));
        if (apply(steps, null, null)) {
            engine.ended(execution);
        }
    }

    /** Only waiting steps remain: the execution gives up its lease until the earliest timer (or a wake-up). */
    private void park(Instant wakeAt, List<StepRun> changed) {
        execution = execution.waiting(wakeAt);
        executionDirty = true;
        if (apply(changed, null, null)) {
            engine.parked(execution);
        }
    }

    private boolean persist(StepRun run) {
        runs.put(run.stepId(), run);
        return apply(List.of(run), engine.leaseOwner(), now().plus(engine.leaseDuration()));
    }

    /** A change without outside effects: held until the next transition, which commits it along. */
    private void keep(StepRun run) {
        runs.put(run.stepId(), run);
        unsaved.put(run.stepId(), run);
    }

    private boolean apply(List<StepRun> changed, String newOwner, Instant leaseUntil) {
        List<StepRun> steps = changed;
        if (!unsaved.isEmpty()) {
            for (StepRun r : changed) {
                unsaved.put(r.stepId(), r);
            }
            steps = List.copyOf(unsaved.values());
            unsaved.clear(); // on failure the driver stops: whoever resumes the execution runs them again
        }
        Execution row = executionDirty ? execution : null;
        List<NewDelivery> deliveries = outbox.isEmpty() ? List.of() : List.copyOf(outbox);
        outbox.clear(); // on failure the driver stops: whoever resumes the execution builds them again
        boolean ok = engine.store().apply(new Transition(execution.id(), engine.leaseOwner(), row, steps, newOwner,
                leaseUntil, deliveries));
        if (ok) {
            if (!deliveries.isEmpty()) {
                engine.listener().deliveriesQueued(deliveries.size());
            }
            executionDirty = false;
            engine.changed(execution, runs.values(), definition);
        } else {
            engine.refused(execution.id());
        }
        return ok;
    }

    private JsonNode context() {
        if (pills == null) {
            pills = DataPillsContext.live(execution);
        }
        for (StepRun r : runs.values()) {
            pills.step(r.stepId(), r.outputs(), r.status().wire());
        }
        return pills.snapshot(engine.secrets());
    }

    private Instant now() {
        return engine.clock().instant();
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
