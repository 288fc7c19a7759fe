package io.flowgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.ConflictException;
import io.flowgate.core.Ids;
import io.flowgate.core.NotFoundException;
import io.flowgate.core.Page;
import io.flowgate.core.TriggerKind;
import io.flowgate.engine.Execution;
import io.flowgate.engine.ExecutionQuery;
import io.flowgate.engine.ExecutionStatus;
import io.flowgate.engine.Executions;
import io.flowgate.engine.StepRun;
import io.flowgate.engine.StepStatus;
import io.flowgate.store.WorkflowStore;
import io.flowgate.workflow.StepDefinition;
import io.flowgate.workflow.WorkflowRevision;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A test fake of the engine: executions live in a map and change only when the test says so
 * ({@link #advance}, {@link #finish}), or at once on start when {@link #completeOnStart} is set.
 */
final class InMemoryExecutions implements Executions {
    private final WorkflowStore workflows;
    private final Clock clock;
    private final Map<String, ExecutionView> views = new LinkedHashMap<>();
    private final Map<String, List<Consumer<ExecutionView>>> listeners = new LinkedHashMap<>();
    volatile boolean completeOnStart;
    volatile JsonNode lastInputs;
    volatile String lastStepRetried;

    InMemoryExecutions(WorkflowStore workflows, Clock clock) {
        this.workflows = workflows;
        this.clock = clock;
    }

    /** Side writes belong to the JDBC store; this fake only accepts none. */
    @Override
    public java.util.Optional<Execution> startWith(String team, String workflowId, Integer revision, TriggerKind trigger,
                                               JsonNode triggerData, JsonNode inputs,
                                               List<io.flowgate.engine.SideWrite> with) {
        if (!with.isEmpty()) {
            throw new IllegalArgumentException("The in-memory engine writes no side rows");
        }
        return java.util.Optional.of(start(team, workflowId, revision, trigger, triggerData, inputs, null));
    }

    @Override
    public Execution start(String team, String workflowId, Integer revision, TriggerKind trigger, JsonNode triggerData,
                           JsonNode inputs, String parentId) {
        WorkflowRevision rev = (revision == null ? workflows.latest(team, workflowId)
                : workflows.revision(team, workflowId, revision))
                .orElseThrow(() -> new NotFoundException("workflow", workflowId));
        String id = Ids.timeOrdered(clock);
        Execution e = new Execution(id, team, workflowId, rev.revision(), trigger, ExecutionStatus.NOT_STARTED, null,
                clock.instant(), null, null, null, null, parentId, 0);
        List<StepRun> steps = new ArrayList<>();
        int order = 1;
        for (StepDefinition s : rev.definition().steps()) {
            steps.add(StepRun.notStarted(id, s.id(), order++, s.displayName()));
        }
        lastInputs = inputs;
        synchronized (this) {
            views.put(id, new ExecutionView(e, steps));
        }
        if (completeOnStart) {
            finish(id, ExecutionStatus.COMPLETED);
        }
        return e;
    }

    @Override
    public synchronized List<Execution> startOnce(List<Start> starts) {
        List<Execution> started = new ArrayList<>();
        for (Start s : starts) {
            if (views.containsKey(s.executionId())) {
                continue;
            }
            Optional<WorkflowRevision> rev = workflows.latest(s.team(), s.workflowId());
            if (rev.isEmpty()) {
                continue;
            }
            Execution e = new Execution(s.executionId(), s.team(), s.workflowId(), rev.get().revision(), s.trigger(),
                    ExecutionStatus.NOT_STARTED, null, s.createdAt() != null ? s.createdAt() : clock.instant(), null, null,
                    null, null, null, 0);
            views.put(s.executionId(), new ExecutionView(e, List.of()));
            started.add(e);
        }
        return started;
    }

    @Override
    public synchronized Optional<ExecutionView> get(String executionId) {
        return Optional.ofNullable(views.get(executionId));
    }

    @Override
    public synchronized Page<Execution> list(ExecutionQuery q) {
        List<Execution> matching = views.values().stream().map(ExecutionView::execution)
                .filter(e -> q.team() == null || q.team().equals(e.team()))
                .filter(e -> q.workflowId() == null || q.workflowId().equals(e.workflowId()))
                .filter(e -> q.status() == null || q.status() == e.status())
                .filter(e -> q.trigger() == null || q.trigger().equals(e.trigger()))
                .filter(e -> q.idPrefix() == null || e.id().startsWith(q.idPrefix()))
                .filter(e -> q.cursor() == null || e.id().compareTo(q.cursor()) < 0)
                .sorted(Comparator.comparing(Execution::id).reversed())
                .toList();
        List<Execution> page = matching.stream().limit(q.limit()).toList();
        String next = matching.size() > q.limit() ? page.getLast().id() : null;
        return new Page<>(page, next);
    }

    @Override
    public ExecutionView cancel(String executionId) {
        ExecutionView v = get(executionId).orElseThrow(() -> new NotFoundException("execution", executionId));
        if (v.execution().status().terminal()) {
            throw new ConflictException("execution_finished", "Already ended");
        }
        return finish(executionId, ExecutionStatus.CANCELLED);
    }

    @Override
    public ExecutionView retry(String executionId, String stepId) {
        ExecutionView v = get(executionId).orElseThrow(() -> new NotFoundException("execution", executionId));
        lastStepRetried = stepId;
        Execution e = v.execution();
        return advance(new ExecutionView(new Execution(e.id(), e.team(), e.workflowId(), e.revision(), e.trigger(),
                ExecutionStatus.IN_PROGRESS, e.context(), e.createdAt(), e.startedAt(), null, null, null,
                e.parentId(), e.version() + 1), v.steps()));
    }

    @Override
    public ExecutionView await(String executionId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                ExecutionView v = views.get(executionId);
                long left = deadline - System.nanoTime();
                if (v == null || v.execution().status().terminal() || left <= 0) {
                    return v;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    @Override
    public synchronized AutoCloseable subscribe(String executionId, Consumer<ExecutionView> listener) {
        listeners.computeIfAbsent(executionId, k -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> {
            synchronized (InMemoryExecutions.this) {
                listeners.getOrDefault(executionId, List.of()).remove(listener);
            }
        };
    }

    /** Not told of changes: the tests using this fake do not watch every execution. */
    @Override
    public AutoCloseable watch(Consumer<Execution> listener) {
        return () -> { };
    }

    synchronized int subscribers(String executionId) {
        return listeners.getOrDefault(executionId, List.of()).size();
    }

    /** Replaces an execution's state and tells its subscribers, as the engine would. */
    ExecutionView advance(ExecutionView view) {
        List<Consumer<ExecutionView>> toTell;
        synchronized (this) {
            views.put(view.execution().id(), view);
            notifyAll();
            toTell = List.copyOf(listeners.getOrDefault(view.execution().id(), List.of()));
        }
        toTell.forEach(l -> l.accept(view));
        return view;
    }

    /** Starts the execution and its first step. */
    ExecutionView begin(String id) {
        ExecutionView v = get(id).orElseThrow();
        List<StepRun> steps = new ArrayList<>(v.steps());
        steps.set(0, steps.getFirst().startAttempt(clock.instant()));
        return advance(new ExecutionView(v.execution().started(clock.instant()), steps));
    }

    /** Ends the execution: every step completed (with outputs) or, on failure, the last one failed. */
    ExecutionView finish(String id, ExecutionStatus end) {
        ExecutionView v = get(id).orElseThrow();
        List<StepRun> steps = new ArrayList<>();
        for (StepRun s : v.steps()) {
            StepRun started = s.startedAt() == null ? s.startAttempt(clock.instant()) : s;
            boolean last = s == v.steps().getLast();
            steps.add(end == ExecutionStatus.FAILURE && last
                    ? started.with(StepStatus.FAILURE, clock.instant(), null, "boom")
                    : end == ExecutionStatus.CANCELLED && last
                    ? started.with(StepStatus.CANCELLED, clock.instant(), null, null)
                    : started.with(StepStatus.COMPLETED, clock.instant(),
                            io.flowgate.core.Json.read("{\"step\":\"" + s.stepId() + "\"}"), null));
        }
        Execution running = v.execution().status() == ExecutionStatus.IN_PROGRESS ? v.execution()
                : v.execution().started(clock.instant());
        Execution e = running.ended(end, clock.instant(), end == ExecutionStatus.FAILURE ? "Step failed: boom" : null);
        return advance(new ExecutionView(e, steps));
    }
}
