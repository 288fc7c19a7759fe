package io.flowgate.engine.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.ConflictException;
import io.flowgate.core.Ids;
import io.flowgate.core.Json;
import io.flowgate.core.LeaseLoss;
import io.flowgate.core.NotFoundException;
import io.flowgate.core.OutboundPolicy;
import io.flowgate.core.Page;
import io.flowgate.core.TriggerKind;
import io.flowgate.engine.DataPillsContext;
import io.flowgate.engine.EngineListener;
import io.flowgate.engine.Execution;
import io.flowgate.engine.ExecutionQuery;
import io.flowgate.engine.ExecutionStatus;
import io.flowgate.engine.Executions;
import io.flowgate.engine.SideWrite;
import io.flowgate.engine.StartGate;
import io.flowgate.engine.StepRun;
import io.flowgate.engine.StepStatus;
import io.flowgate.engine.Transitions;
import io.flowgate.engine.Publisher;
import io.flowgate.engine.Waits;
import io.flowgate.engine.steps.StepServices;
import io.flowgate.engine.steps.StepTypes;
import io.flowgate.expr.Redactor;
import io.flowgate.store.ClusterSignals;
import io.flowgate.store.ExecutionStore;
import io.flowgate.store.Transition;
import io.flowgate.store.WorkflowStore;
import io.flowgate.workflow.WorkflowDefinition;
import io.flowgate.workflow.WorkflowRevision;
import io.flowgate.workflow.WorkflowSummary;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine on one node: starts executions durably, drives claimed ones through
 * {@link ExecutionDriver}s, keeps its leases alive, and claims work that is due (timers) or
 * orphaned (a node died). The database is the only coordinator between nodes.
 */
public final class Engine implements Executions, EngineContext, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final long MAX_REDRIVE_DELAY_MILLIS = 30_000;
    private static final Duration SHUTDOWN_PASS = Duration.ofMillis(10);

    private final EngineSettings settings;
    private final ExecutionStore store;
    private final WorkflowStore workflows;
    private final Revisions revisions;
    private final StepTypes stepTypes;
    private final Clock clock;
    private final Supplier<Map<String, String>> secrets;
    private final EngineListener listener;
    private final StepServices services;
    private final Dispatcher dispatcher;
    private final Claimer claimer;
    private final ExecutionEvents events = new ExecutionEvents();
    private final ScheduledExecutorService housekeeping;
    /** Executions whose last drive failed, and how many times in a row (see {@link #driveAgainLater}). */
    private final Map<String, Integer> failedDrives = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * Quick steps are CPU-bound expression work; platform threads that live on let the JSONata
     * library keep its per-thread parser instead of building one on every new virtual thread.
     */
    private final java.util.concurrent.ExecutorService quickSteps = Executors.newFixedThreadPool(
            Runtime.getRuntime().availableProcessors(), Thread.ofPlatform().daemon().name("quick-step-", 0).factory());
    private final java.util.concurrent.ExecutorService slowSteps = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("step-", 0).factory());
    private final Map<String, ExecutionDriver> drivers = new java.util.concurrent.ConcurrentHashMap<>();
    /** Executions this node just inserted, handed to their first driver so it need not read them back. */
    private final Map<String, Execution> handed = new java.util.concurrent.ConcurrentHashMap<>();
    private final DeferredStarts deferred;
    private volatile boolean running;
    private volatile Waits waits;
    private volatile Publisher publisher;
    private volatile LeaseLoss leaseLoss = LeaseLoss.NONE;
    private RemoteChanges remote;
    private Thread poller;
    private volatile Map<String, String> redactorSource;
    private volatile Redactor redactor = Redactor.NONE;

    public Engine(EngineSettings settings, ExecutionStore store, WorkflowStore workflows, StepTypes stepTypes,
                  Clock clock, Supplier<Map<String, String>> secrets, HttpClient httpClient,
                  OutboundPolicy outboundPolicy, EngineListener listener) {
        this.settings = settings;
        this.store = store;
        this.workflows = workflows;
        this.revisions = new Revisions(workflows);
        this.stepTypes = stepTypes;
        this.clock = clock;
        this.secrets = secrets;
        this.listener = listener;
        this.services = new EngineStepServices(this, httpClient, outboundPolicy);
        this.deferred = new DeferredStarts(store, settings.token(), clock, listener);
        this.dispatcher = new Dispatcher(settings.concurrency(), this::driveOnce, deferred::admit);
        this.claimer = new Claimer(store, settings, clock, dispatcher::dispatch, dispatcher::admitThenDispatch);
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("flowgate-housekeeping").factory());
    }

    /** Where waiting steps and emit-event go (the event trigger package); set before {@link #start()}. */
    public void waits(Waits eventWaits) {
        this.waits = eventWaits;
    }

    Waits waits() {
        if (waits == null) {
            throw new IllegalStateException("This engine was built without event support");
        }
        return waits;
    }

    /** Where the publish step sends messages (the broker package); set before {@link #start()}. */
    public void publisher(Publisher brokers) {
        this.publisher = brokers;
    }

    Publisher publisher() {
        if (publisher == null) {
            throw new IllegalStateException("This engine was built without broker connections");
        }
        return publisher;
    }

    /** Who hears of leases this node lost (the cluster package logs and counts them); set before {@link #start()}. */
    public void leaseLoss(LeaseLoss losses) {
        this.leaseLoss = losses;
        deferred.leaseLoss(losses);
    }

    /**
     * Other nodes' signals: their new work wakes the claim loop, their cancels abort this node's drivers, their
     * changes reach this node's streams and sync waits. Set before {@link #start()}; without it only polling.
     */
    public void listenTo(ClusterSignals signals) {
        this.remote = new RemoteChanges(events, claimer, drivers::get, this::republish).listen(signals);
    }

    /** Reads an execution another node changed and tells whoever here follows or watches it. */
    private void republish(String executionId) {
        boolean followed = events.has(executionId);
        boolean watched = events.watched();
        if (!followed && !watched) {
            return;
        }
        Optional<Execution> found = store.find(executionId);
        if (found.isEmpty()) {
            return;
        }
        Execution e = found.get();
        if (followed) {
            ExecutionView view = Views.of(e, store.steps(executionId), definition(e));
            events.publish(executionId, () -> view);
        }
        if (watched) {
            events.changed(e);
        }
    }

    /** A waiting execution was made due by something other than its timer (an event, a decision): claim now. */
    public void woken() {
        claimer.wake();
    }

    /** Who decides about deferred starts (the scheduler); set before {@link #start()}. */
    public void gate(StartGate startGate) {
        deferred.gate(startGate);
    }

    /**
     * Starts claiming and renewing leases. Rows an earlier life of this node held carry that life's epoch, so
     * this node's token never matches them: membership releases them when the node joins.
     */
    public void start() {
        running = true;
        long renewEvery = Math.max(1, settings.lease().toMillis() / 3);
        housekeeping.scheduleWithFixedDelay(this::renewLeases, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
        poller = Thread.ofPlatform().daemon().name("flowgate-claimer").start(claimer);
    }

    // ---- Executions -------------------------------------------------------------------------------

    @Override
    public Execution start(String team, String workflowId, Integer revision, TriggerKind trigger, JsonNode triggerData,
                           JsonNode inputs, String parentId) {
        WorkflowSummary summary = resolve(team, workflowId);
        int rev = revision == null ? summary.latestRevision() : revision;
        revisions.get(summary.team(), summary.id(), rev); // fails fast (404) on an unknown revision
        Instant now = clock.instant();
        Execution execution = Execution.notStarted(new Execution.Origin(Ids.timeOrdered(clock), summary.team(),
                summary.id(), rev, trigger, DataPillsContext.initial(trigger, triggerData, inputs), parentId), now);
        store.insert(execution, List.of(), settings.token(), now.plus(settings.lease()));
        listener.executionStarted(trigger);
        events.changed(execution);
        hand(execution);
        return execution;
    }

    @Override
    public List<Execution> startOnce(List<Start> starts) {
        Instant now = clock.instant();
        Map<String, Optional<WorkflowSummary>> heads = new java.util.HashMap<>();
        List<Execution> candidates = new java.util.ArrayList<>(starts.size());
        for (Start s : starts) {
            Optional<WorkflowSummary> head = heads.computeIfAbsent(s.team() + "/" + s.workflowId(),
                    k -> workflows.find(s.team(), s.workflowId()));
            if (head.isEmpty()) {
                LOG.warn("Not starting {}: workflow {}/{} does not exist", s.executionId(), s.team(), s.workflowId());
                continue;
            }
            candidates.add(Execution.notStarted(new Execution.Origin(s.executionId(), head.get().team(),
                    head.get().id(), head.get().latestRevision(), s.trigger(),
                    DataPillsContext.initial(s.trigger(), s.triggerData(), s.inputs()), null),
                    s.createdAt() != null ? s.createdAt() : now));
        }
        Set<String> inserted = store.insertIfAbsent(candidates, settings.token(), now.plus(settings.lease()));
        List<Execution> started = candidates.stream().filter(e -> inserted.contains(e.id())).toList();
        for (Execution e : started) {
            listener.executionStarted(e.trigger());
            events.changed(e);
            hand(e);
        }
        return started;
    }

    @Override
    public Optional<Execution> startWith(String team, String workflowId, Integer revision, TriggerKind trigger,
                                     JsonNode triggerData, JsonNode inputs, List<SideWrite> with) {
        // A caller naming team and revision (the webhook intake, which just read the workflow) saves the
        // store read of resolve(): the cached revision lookup still fails fast (404) on an unknown one.
        String resolvedTeam = team;
        int rev;
        if (team != null && revision != null) {
            rev = revision;
        } else {
            WorkflowSummary summary = resolve(team, workflowId);
            resolvedTeam = summary.team();
            rev = revision == null ? summary.latestRevision() : revision;
        }
        revisions.get(resolvedTeam, workflowId, rev);
        Instant now = clock.instant();
        Execution execution = Execution.notStarted(new Execution.Origin(Ids.timeOrdered(clock), resolvedTeam,
                workflowId, rev, trigger, DataPillsContext.initial(trigger, triggerData, inputs), null), now);
        if (!store.insert(execution, List.of(), settings.token(), now.plus(settings.lease()), with)) {
            return Optional.empty();
        }
        listener.executionStarted(trigger);
        events.changed(execution);
        hand(execution);
        return Optional.of(execution);
    }

    /**
     * Dispatches a just-inserted execution together with its in-memory value. In a backlog (no driver permit
     * free) only its id waits, as before: holding every queued run's data in memory would grow with the burst.
     */
    private void hand(Execution inserted) {
        if (!dispatcher.hasRoom()) {
            dispatcher.dispatch(inserted.id());
            return;
        }
        handed.put(inserted.id(), inserted);
        if (!dispatcher.dispatch(inserted.id())) {
            handed.remove(inserted.id()); // closing: whoever claims it next reads it from the store
        }
    }

    private WorkflowSummary resolve(String team, String workflowId) {
        if (team != null) {
            return workflows.find(team, workflowId).orElseThrow(() -> new NotFoundException("workflow", workflowId));
        }
        List<WorkflowSummary> found = workflows.findById(workflowId);
        if (found.isEmpty()) {
            throw new NotFoundException("workflow", workflowId);
        }
        if (found.size() > 1) {
            throw new ConflictException("ambiguous_workflow", "Several teams have a workflow '" + workflowId
                    + "'; name the team");
        }
        return found.getFirst();
    }

    @Override
    public Optional<ExecutionView> get(String executionId) {
        return store.find(executionId).map(e -> Views.of(e, store.steps(executionId), definition(e)));
    }

    @Override
    public Page<Execution> list(ExecutionQuery query) {
        return store.list(query);
    }

    @Override
    public ExecutionView cancel(String executionId) {
        Execution e = store.find(executionId).orElseThrow(() -> new NotFoundException("execution", executionId));
        if (e.status().terminal()) {
            throw new ConflictException("execution_finished", "Execution " + executionId + " already ended "
                    + e.status().wire());
        }
        Instant now = clock.instant();
        ExecutionView current = Views.of(e, store.steps(executionId), definition(e));
        List<StepRun> cancelled = current.steps().stream().filter(r -> !r.status().terminal())
                .map(r -> r.with(StepStatus.CANCELLED, now, r.outputs(), r.error())).toList();
        Execution ended = e.ended(ExecutionStatus.CANCELLED, now, "Cancelled");
        if (!store.apply(new Transition(executionId, null, ended, cancelled, null, null))) {
            throw new ConflictException("execution_finished", "Execution " + executionId + " ended meanwhile");
        }
        ExecutionDriver driver = drivers.get(executionId);
        if (driver != null) {
            driver.abort();
        }
        if (e.deferred()) {
            deferred.cancelled(e); // the schedule goes on with its next slot
        }
        ended(ended);
        ExecutionView view = get(executionId).orElseThrow();
        events.publish(executionId, () -> view);
        events.changed(view.execution());
        return view;
    }

    @Override
    public ExecutionView retry(String executionId, String stepId) {
        Execution e = store.find(executionId).orElseThrow(() -> new NotFoundException("execution", executionId));
        if (!e.status().terminal() || !Transitions.allowed(e.status(), ExecutionStatus.NOT_STARTED)) {
            throw new ConflictException("execution_not_failed", "Only failed or cancelled executions can be retried; "
                    + executionId + " is " + e.status().wire());
        }
        WorkflowDefinition def = definition(e);
        ExecutionView current = Views.of(e, store.steps(executionId), def);
        List<StepRun> reset = RetryPlan.stepsToReset(def, current.steps(), stepId);
        Instant now = clock.instant();
        Execution reopened = e.reopened();
        if (!store.reopen(reopened, reset, e.version(), settings.token(), now.plus(settings.lease()))) {
            throw new ConflictException("execution_changed", "Execution " + executionId + " changed meanwhile; try again");
        }
        dispatcher.dispatch(executionId);
        ExecutionView view = get(executionId).orElseThrow();
        events.changed(view.execution());
        return view;
    }

    @Override
    public ExecutionView await(String executionId, Duration timeout) throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (AutoCloseable ignored = events.add(executionId, v -> {
            if (v.execution().status().terminal()) {
                done.countDown();
            }
        })) {
            while (true) {
                ExecutionView view = get(executionId).orElseThrow(() -> new NotFoundException("execution", executionId));
                long left = deadline - System.nanoTime();
                if (view.execution().status().terminal() || left <= 0) {
                    return view;
                }
                // Re-read now and then: the execution may run on another node.
                done.await(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public AutoCloseable subscribe(String executionId, Consumer<ExecutionView> listener) {
        return new Subscription(this::get, events, executionId, listener).open();
    }

    @Override
    public AutoCloseable watch(Consumer<Execution> listener) {
        return events.watch(listener);
    }

    // ---- the loops ---------------------------------------------------------------------------------

    private void renewLeases() {
        try {
            store.renewLeases(settings.token(), clock.instant().plus(settings.lease()));
        } catch (RuntimeException e) {
            LOG.error("Renewing leases failed; will retry", e);
        }
    }

    /** Claims and admits what is due now, then waits until this node is idle; tests on a settable clock use it. */
    public void runDueAndWait(Duration timeout) throws InterruptedException {
        claimer.claimDue();
        if (!dispatcher.awaitIdle(timeout)) {
            throw new IllegalStateException("Still busy after " + timeout);
        }
    }

    @Override
    public boolean admit(Execution due) {
        List<String> run = deferred.admit(List.of(due.id()));
        run.stream().filter(id -> !id.equals(due.id())).forEach(dispatcher::dispatch);
        return run.contains(due.id());
    }

    /** Executions currently driven on this node. */
    public int activeCount() {
        return dispatcher.running();
    }

    private void driveOnce(String executionId) {
        ExecutionDriver driver = new ExecutionDriver(this);
        drivers.put(executionId, driver);
        try {
            driver.drive(executionId, handed.remove(executionId));
            failedDrives.remove(executionId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            driveAgainLater(executionId, e);
        } finally {
            drivers.remove(executionId, driver);
        }
    }

    /**
     * A driver that failed (the store refused a write: disk full, database unreachable) leaves its run owned by this
     * node, whose heartbeat keeps renewing the lease: nobody else would ever resume it. So this node drives it again
     * from what the store holds, backing off while the store keeps failing.
     */
    private void driveAgainLater(String executionId, RuntimeException e) {
        int tries = failedDrives.merge(executionId, 1, Integer::sum);
        long delay = Math.min(MAX_REDRIVE_DELAY_MILLIS, 250L << Math.min(tries - 1, 7));
        if (tries == 1 || tries % 10 == 0) {
            LOG.warn("Driving execution {} failed ({} time(s)); driving it again from the store in {} ms", executionId,
                    tries, delay, e);
        }
        if (running) {
            housekeeping.schedule(() -> dispatcher.dispatch(executionId), delay, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops claiming, lets drivers finish their current step (bounded), then gives up every lease. */
    @Override
    public void close() {
        running = false;
        dispatcher.close();
        claimer.stop();
        if (poller != null) {
            poller.interrupt();
        }
        housekeeping.shutdownNow();
        quickSteps.shutdown();
        if (remote != null) {
            remote.close();
        }
        long deadline = System.nanoTime() + EngineSettings.SHUTDOWN_GRACE.toNanos();
        try {
            // Drivers that go round once more after an abort are aborted again on the next pass.
            while (System.nanoTime() < deadline) {
                drivers.values().forEach(ExecutionDriver::abort);
                if (dispatcher.awaitIdle(SHUTDOWN_PASS)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            store.releaseAll(settings.token());
        } catch (RuntimeException e) {
            LOG.warn("Could not release leases at shutdown; they expire in {}", settings.lease(), e);
        }
    }

    // ---- EngineContext -----------------------------------------------------------------------------

    WorkflowDefinition definition(Execution e) {
        return revisions.get(e.team(), e.workflowId(), e.revision()).definition();
    }

    WorkflowRevision revision(Execution e) {
        return revisions.get(e.team(), e.workflowId(), e.revision());
    }

    @Override
    public ExecutionStore store() {
        return store;
    }

    @Override
    public Revisions revisions() {
        return revisions;
    }

    @Override
    public StepTypes stepTypes() {
        return stepTypes;
    }

    @Override
    public java.util.concurrent.ExecutorService executorFor(io.flowgate.engine.steps.StepType type) {
        return type.hasOutsideEffects() ? slowSteps : quickSteps;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public StepServices services() {
        return services;
    }

    @Override
    public EngineListener listener() {
        return listener;
    }

    @Override
    public String leaseOwner() {
        return settings.token();
    }

    /**
     * A driver's guarded write was refused. A cancelled run is the normal case; anything else means another
     * node claimed the row after this node's lease ran out (it was paused or cut off), or drove it to its end.
     */
    @Override
    public void refused(String executionId) {
        try {
            Optional<Execution> now = store.find(executionId);
            if (now.isPresent() && now.get().status() != ExecutionStatus.CANCELLED) {
                leaseLoss.lost(LeaseLoss.Kind.EXECUTION, executionId);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not tell why a write to execution {} was refused", executionId, e);
        }
    }

    @Override
    public Duration leaseDuration() {
        return settings.lease();
    }

    @Override
    public Map<String, String> secrets() {
        return secrets.get();
    }

    private Redactor redactor() {
        Map<String, String> current = secrets.get();
        if (current != redactorSource) {
            redactor = current.isEmpty() ? Redactor.NONE : Redactor.of(current.values());
            redactorSource = current;
        }
        return redactor;
    }

    @Override
    public String redact(String text) {
        return text == null ? null : redactor().redact(text);
    }

    @Override
    public JsonNode redact(JsonNode value) {
        return value == null ? null : redactor().redact(value);
    }

    @Override
    public void changed(Execution execution, Collection<StepRun> runs, WorkflowDefinition definition) {
        events.publish(execution.id(), () -> Views.of(execution, List.copyOf(runs), definition));
        events.changed(execution);
    }

    @Override
    public void ended(Execution execution) {
        listener.executionEnded(execution.status(), execution.startedAt() == null ? Duration.ZERO
                : Duration.between(execution.startedAt(), execution.endedAt()));
        if (execution.parentId() != null) {
            wakeParent(execution.parentId(), 0);
        }
    }

    /** The parent may not have parked yet when its child ends: try again a few times, then its timer re-checks. */
    private void wakeParent(String parentId, int tries) {
        try {
            if (store.wake(parentId, clock.instant())) {
                claimer.wake();
            } else if (tries < 5 && running) {
                housekeeping.schedule(() -> wakeParent(parentId, tries + 1), 200L << tries, TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not wake parent execution {}; its timer will", parentId, e);
        }
    }

    @Override
    public void parked(Execution execution) {
        claimer.wakeIfBefore(execution.wakeAt());
    }

    JsonNode lastOutputs(String executionId) {
        List<StepRun> steps = store.steps(executionId);
        JsonNode out = Json.object();
        int best = -1;
        for (StepRun r : steps) {
            if (r.status() == StepStatus.COMPLETED && r.order() > best && r.outputs() != null) {
                best = r.order();
                out = r.outputs();
            }
        }
        return out;
    }
}
