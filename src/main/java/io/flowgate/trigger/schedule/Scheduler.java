package io.flowgate.trigger.schedule;

import io.flowgate.core.Waiter;
import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.BadRequestException;
import io.flowgate.core.NotFoundException;
import io.flowgate.engine.Execution;
import io.flowgate.engine.Executions;
import io.flowgate.expr.TriggerData;
import io.flowgate.store.ScheduleState;
import io.flowgate.store.ScheduleStore;
import io.flowgate.store.WorkflowStore;
import io.flowgate.workflow.WorkflowRevision;
import io.flowgate.workflow.WorkflowSummary;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires schedule slots on one node. One loop thread sleeps until the earliest {@code next_fire_at} (an indexed
 * read, never a scan), is woken early when a workflow's schedules change, claims due schedules in batches,
 * plans them in parallel and starts all of a batch's runs in one store write. A slot's execution id is derived
 * from (schedule, slot), so the store refuses a second fire whatever races or restarts happen.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    /** Backfill ranges are bounded so one call cannot queue an unbounded number of runs. */
    public static final int MAX_BACKFILL = 10_000;
    private static final int SPEC_CACHE = 100_000;

    private final SchedulerSettings settings;
    private final ScheduleStore store;
    private final Executions executions;
    private final WorkflowStore workflows;
    private final Clock clock;
    private final ScheduleListener listener;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final java.util.Map<JsonNode, ScheduleSpec> specs = new java.util.concurrent.ConcurrentHashMap<>();
    private final Waiter wakeup = new Waiter();
    private volatile boolean running;
    private Thread loop;

    public Scheduler(SchedulerSettings settings, ScheduleStore store, Executions executions, WorkflowStore workflows,
                     Clock clock, ScheduleListener listener) {
        this.settings = settings;
        this.store = store;
        this.executions = executions;
        this.workflows = workflows;
        this.clock = clock;
        this.listener = listener;
    }

    /** Brings every workflow's schedules up to date, then starts the loop. */
    public void start() {
        store.releaseAll(settings.nodeId()); // a restart takes its own claims back at once
        syncAll();
        running = true;
        loop = Thread.ofPlatform().daemon().name("flowgate-scheduler").start(this::run);
    }

    /** A {@link WorkflowStore} that re-synchronises a workflow's schedules whenever it is saved or deleted. */
    public WorkflowStore watching(WorkflowStore delegate) {
        return new SchedulingWorkflowStore(delegate, this);
    }

    // ---- synchronisation with workflow revisions --------------------------------------------------------

    /** Makes the stored schedules of one workflow match its latest revision (none if it was deleted). */
    public void sync(String team, String workflowId) {
        Instant now = clock.instant();
        List<ScheduleStore.Declared> declared = new ArrayList<>();
        Optional<WorkflowRevision> latest = workflows.latest(team, workflowId);
        JsonNode entries = latest.map(r -> r.definition().triggers().schedule()).orElse(null);
        if (entries != null) {
            for (int i = 0; i < entries.size(); i++) {
                ScheduleSpec spec = ScheduleSpec.parse(entries.get(i));
                declared.add(new ScheduleStore.Declared(ScheduleIds.schedule(team, workflowId, i), i, entries.get(i),
                        spec.next(now).orElse(null)));
            }
        }
        store.replace(team, workflowId, declared, now);
        wake();
    }

    public void syncAll() {
        Set<String> keep = new HashSet<>();
        for (WorkflowSummary w : workflows.list(null)) {
            sync(w.team(), w.id());
            keep.add(w.team() + "/" + w.id());
        }
        store.retainWorkflows(keep);
    }

    // ---- the loop ---------------------------------------------------------------------------------------

    private void run() {
        while (running) {
            try {
                Instant now = clock.instant();
                Optional<Instant> next = store.nextFireAt(now);
                if (next.isPresent() && !next.get().isAfter(now.plus(SchedulerSettings.LOOKAHEAD))) {
                    Instant horizon = next.get().isAfter(now) ? next.get() : now;
                    fire(horizon, true);
                    continue;
                }
                Duration sleep = settings.poll();
                if (next.isPresent()) {
                    Duration until = Duration.between(now, next.get().minus(SchedulerSettings.LOOKAHEAD));
                    if (until.compareTo(sleep) < 0) {
                        sleep = until;
                    }
                }
                wakeup.await(sleep);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("Scheduler pass failed; retrying", e);
                try {
                    wakeup.await(settings.poll());
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Claims and handles one batch of schedules due now; returns how many were claimed. Tests call it directly. */
    public int fireDue() throws InterruptedException {
        return fire(clock.instant(), false);
    }

    /**
     * Claims the schedules due at {@code horizon} (a batch), plans them in parallel and, once the clock reaches
     * {@code horizon} (when {@code wait}), starts all of their runs in one store write — each slot's run is
     * durable before its schedule moves on — and records every schedule's outcome in one more.
     */
    private int fire(Instant horizon, boolean wait) throws InterruptedException {
        Instant now = clock.instant();
        List<ScheduleState> due = store.claimDue(settings.nodeId(), horizon, now, now.plus(settings.claim()),
                settings.batch());
        if (due.isEmpty()) {
            return 0;
        }
        List<Future<Pass>> planned = new ArrayList<>(due.size());
        for (ScheduleState s : due) {
            planned.add(workers.submit(() -> plan(s, horizon)));
        }
        List<Pass> passes = new ArrayList<>(due.size());
        for (Future<Pass> f : planned) {
            try {
                Pass p = f.get();
                if (p != null) {
                    passes.add(p);
                }
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.error("Planning a schedule failed; its claim expires and it is retried", e.getCause());
            }
        }
        List<Executions.Start> starts = new ArrayList<>();
        for (Pass p : passes) {
            for (Instant slot : p.fire()) {
                starts.add(new Executions.Start(ScheduleIds.execution(p.state().id(), slot), p.state().team(),
                        p.state().workflowId(), TriggerData.SCHEDULE, TriggerData.schedule(slot).toJson(),
                        p.spec().input()));
            }
        }
        if (wait) {
            untilClockReaches(horizon);
        }
        Set<String> started = new HashSet<>();
        executions.startOnce(starts).forEach(e -> started.add(e.id()));
        // Lateness is measured once the runs are durable, which is what a person waiting for them sees.
        Instant firedAt = clock.instant();
        List<ScheduleStore.Completion> completions = new ArrayList<>(passes.size());
        for (Pass p : passes) {
            completions.add(new ScheduleStore.Completion(p.state().id(), p.state().version(), outcome(p, started,
                    firedAt)));
        }
        store.complete(settings.nodeId(), completions);
        return due.size();
    }

    /** What to do with one claimed schedule; null when it was postponed (concurrency: queue). */
    private record Pass(ScheduleState state, ScheduleSpec spec, List<Instant> fire, Instant next, int missed,
                        int skipped) {}

    private Pass plan(ScheduleState s, Instant now) {
        ScheduleSpec spec = spec(s.spec());
        SlotPlan plan = SlotPlan.of(spec, s.nextFireAt(), now, settings.grace());
        List<Instant> fire = plan.fire();
        Instant next = plan.next();
        int skipped = 0;
        if (!fire.isEmpty() && spec.concurrency() != ScheduleSpec.Concurrency.ALLOW) {
            if (previousRunGoing(s)) {
                if (spec.concurrency() == ScheduleSpec.Concurrency.QUEUE) {
                    store.postpone(s.id(), settings.nodeId(), s.version(), now.plus(SchedulerSettings.QUEUE_RECHECK));
                    return null;
                }
                skipped = fire.size();
                fire = List.of();
            } else if (fire.size() > 1) {
                // The first of these starts a run, so the others would find it going.
                if (spec.concurrency() == ScheduleSpec.Concurrency.QUEUE) {
                    next = fire.get(1);
                } else {
                    skipped = fire.size() - 1;
                }
                fire = List.of(fire.getFirst());
            }
        }
        return new Pass(s, spec, fire, next, plan.missed(), skipped);
    }

    private ScheduleStore.Outcome outcome(Pass p, Set<String> started, Instant firedAt) {
        int fired = 0;
        for (Instant slot : p.fire()) {
            if (started.contains(ScheduleIds.execution(p.state().id(), slot))) {
                fired++;
            }
            listener.fired(Duration.between(slot, firedAt));
        }
        listener.missed(p.missed());
        listener.skipped(p.skipped());
        if (p.fire().isEmpty()) {
            return new ScheduleStore.Outcome(p.next(), null, null, null, null, 0, p.missed(), p.skipped());
        }
        Instant lastSlot = p.fire().getLast();
        return new ScheduleStore.Outcome(p.next(), lastSlot, firedAt, ScheduleIds.execution(p.state().id(), lastSlot),
                Duration.between(lastSlot, firedAt).toMillis(), fired, p.missed(), p.skipped());
    }

    /** Parsing a cron expression costs far more than a map lookup, and a node sees the same few specs all day. */
    private ScheduleSpec spec(JsonNode entry) {
        if (specs.size() > SPEC_CACHE) {
            specs.clear();
        }
        return specs.computeIfAbsent(entry, ScheduleSpec::parse);
    }

    private boolean previousRunGoing(ScheduleState s) {
        return s.lastExecutionId() != null && executions.get(s.lastExecutionId())
                .map(v -> !v.execution().status().terminal()).orElse(false);
    }

    // ---- operations -------------------------------------------------------------------------------------

    public Optional<ScheduleState> find(String id) {
        return store.find(id);
    }

    public List<ScheduleState> list(List<String> teams, String workflowId) {
        return store.list(teams, workflowId);
    }

    public ScheduleState pause(String id) {
        if (!store.setPaused(id, true, null, clock.instant())) {
            throw new NotFoundException("schedule", id);
        }
        return store.find(id).orElseThrow(() -> new NotFoundException("schedule", id));
    }

    /** Slots that passed while paused are not run: the timer restarts from now. */
    public ScheduleState resume(String id) {
        ScheduleState s = store.find(id).orElseThrow(() -> new NotFoundException("schedule", id));
        Instant now = clock.instant();
        store.setPaused(id, false, ScheduleSpec.parse(s.spec()).next(now).orElse(null), now);
        wake();
        return store.find(id).orElseThrow(() -> new NotFoundException("schedule", id));
    }

    /** What a backfill did: slots run now, and slots that had run before (not repeated). */
    public record Backfill(List<String> started, int alreadyFired) {}

    /** Runs every slot in [{@code from}, {@code to}] that has not fired yet, whatever the policies say. */
    public Backfill backfill(String id, Instant from, Instant to) {
        ScheduleState s = store.find(id).orElseThrow(() -> new NotFoundException("schedule", id));
        if (to.isBefore(from)) {
            throw new BadRequestException("invalid_range", "'to' must not be before 'from'");
        }
        ScheduleSpec spec = spec(s.spec());
        List<Instant> slots = new ArrayList<>();
        Optional<Instant> cursor = spec.next(from.minusMillis(1));
        while (cursor.isPresent() && !cursor.get().isAfter(to)) {
            if (slots.size() == MAX_BACKFILL) {
                throw new BadRequestException("backfill_too_large", "The range holds more than " + MAX_BACKFILL
                        + " slots; backfill a shorter range");
            }
            slots.add(cursor.get());
            cursor = spec.next(cursor.get());
        }
        List<Executions.Start> starts = new ArrayList<>(slots.size());
        for (Instant slot : slots) {
            starts.add(new Executions.Start(ScheduleIds.execution(s.id(), slot), s.team(), s.workflowId(),
                    TriggerData.SCHEDULE, TriggerData.schedule(slot).toJson(), spec.input()));
        }
        // The store refuses the ids of slots that ran before: this is where "not repeated" is decided.
        List<String> started = executions.startOnce(starts).stream().map(Execution::id).toList();
        int already = slots.size() - started.size();
        return new Backfill(started, already);
    }

    /** The loop's own thread waits for the slot's instant: planning is done, the write is all that is left. */
    private void untilClockReaches(Instant at) throws InterruptedException {
        long left;
        while ((left = Duration.between(clock.instant(), at).toMillis()) > 0) {
            Thread.sleep(left);
        }
    }

    private void wake() {
        wakeup.wake();
    }

    @Override
    public void close() {
        running = false;
        wake();
        if (loop != null) {
            loop.interrupt();
            try {
                loop.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.shutdown();
        if (loop != null) {
            try {
                store.releaseAll(settings.nodeId());
            } catch (RuntimeException e) {
                LOG.warn("Could not release schedule claims at shutdown; they expire in {}", settings.claim(), e);
            }
        }
    }
}
