package io.flowgate.trigger.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import io.flowgate.core.BadRequestException;
import io.flowgate.core.CacheSettings;
import io.flowgate.core.Caches;
import io.flowgate.core.LeaseLoss;
import io.flowgate.core.NotFoundException;
import io.flowgate.core.TriggerKind;
import io.flowgate.engine.DataPillsContext;
import io.flowgate.engine.Execution;
import io.flowgate.engine.Executions;
import io.flowgate.engine.StartGate;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Schedules keep no timer of their own. Each schedule's next slot is stored ahead of time as a deferred
 * execution (waiting, not started, waking at the slot) on the engine's durable timer — the one that wakes
 * sleep steps and retry back-offs. When it comes due, the node that claimed it asks this gate, which applies
 * the misfire and concurrency policies and, in the same commit, starts or drops the slot and arms the next
 * one. A slot's execution id is derived from (schedule, slot), so the store refuses a second run of a slot
 * whatever races or restarts happen.
 */
public final class Scheduler implements StartGate {
    /** Backfill ranges are bounded so one call cannot queue an unbounded number of runs. */
    public static final int MAX_BACKFILL = 10_000;

    private final SchedulerSettings settings;
    private final ScheduleStore store;
    private final Executions executions;
    private final WorkflowStore workflows;
    private final Clock clock;
    private final ScheduleListener listener;
    private volatile LeaseLoss leaseLoss = LeaseLoss.NONE;
    private final Cache<JsonNode, ScheduleSpec> specs = Caches.bounded(CacheSettings.DEFAULT_SCHEDULE_SPECS);

    public Scheduler(SchedulerSettings settings, ScheduleStore store, Executions executions, WorkflowStore workflows,
                     Clock clock, ScheduleListener listener) {
        this.settings = settings;
        this.store = store;
        this.executions = executions;
        this.workflows = workflows;
        this.clock = clock;
        this.listener = listener;
    }

    /** Brings every workflow's schedules and their timers up to date. */
    public void start() {
        syncAll();
    }

    /** A {@link WorkflowStore} that re-synchronises a workflow's schedules whenever it is saved or deleted. */
    public WorkflowStore watching(WorkflowStore delegate) {
        return new SchedulingWorkflowStore(delegate, this);
    }

    // ---- synchronisation with workflow revisions --------------------------------------------------------

    /** Makes the stored schedules of one workflow, and their timers, match its latest revision. */
    public void sync(String team, String workflowId) {
        Instant now = clock.instant();
        List<ScheduleStore.Declared> declared = new ArrayList<>();
        Optional<WorkflowRevision> latest = workflows.latest(team, workflowId);
        JsonNode entries = latest.map(r -> r.definition().triggers().schedule()).orElse(null);
        if (entries != null) {
            int revision = latest.get().revision();
            Map<String, ScheduleState> stored = new HashMap<>();
            store.list(List.of(team), workflowId).forEach(s -> stored.put(s.id(), s));
            for (int i = 0; i < entries.size(); i++) {
                String id = ScheduleIds.schedule(team, workflowId, i);
                JsonNode entry = entries.get(i);
                ScheduleSpec spec = ScheduleSpec.parse(entry);
                Instant slot = Optional.ofNullable(stored.get(id)).filter(s -> s.armedId() == null && !s.paused()
                        && s.nextFireAt() != null && s.spec().equals(entry))
                        .map(ScheduleState::nextFireAt) // stored before timers were executions: keep its slot
                        .orElseGet(() -> spec.next(now).orElse(null));
                declared.add(new ScheduleStore.Declared(id, i, entry, slot,
                        slot == null ? null : run(id, team, workflowId, revision, spec, slot, true)));
            }
        }
        store.replace(team, workflowId, declared, now);
    }

    public void syncAll() {
        Set<String> keep = new HashSet<>();
        for (WorkflowSummary w : workflows.list(null)) {
            sync(w.team(), w.id());
            keep.add(w.team() + "/" + w.id());
        }
        store.retainWorkflows(keep, clock.instant());
    }

    /** Who hears of timers whose lease this node lost before admitting them; set before the engine starts. */
    public void leaseLoss(LeaseLoss losses) {
        this.leaseLoss = losses;
    }

    // ---- the gate: a schedule's timer came due ----------------------------------------------------------

    /**
     * Decides every claimed slot in memory (one read for their schedules), then writes all decisions in one
     * commit: a burst of slots due at one instant costs a few statements, not a write per slot.
     */
    @Override
    public List<String> admit(List<String> due) {
        Map<String, ScheduleState> armed = store.findArmed(due);
        Map<String, Optional<WorkflowSummary>> heads = new HashMap<>();
        Instant now = clock.instant();
        List<Decision> decided = new ArrayList<>(due.size());
        for (String id : due) {
            ScheduleState s = armed.get(id);
            Optional<WorkflowSummary> head = s == null ? Optional.empty() : heads.computeIfAbsent(
                    s.team() + "/" + s.workflowId(), k -> workflows.find(s.team(), s.workflowId()));
            if (s == null || head.isEmpty() || s.nextFireAt() == null) {
                if (!store.discard(id, settings.token())) { // the schedule changed or went away while this timer waited
                    leaseLoss.lost(LeaseLoss.Kind.TIMER, id);
                }
                continue;
            }
            Decision d = decide(id, s, head.get().latestRevision(), now);
            if (d == null) {
                if (!store.postpone(id, settings.token(), now.plus(SchedulerSettings.QUEUE_RECHECK))) {
                    leaseLoss.lost(LeaseLoss.Kind.TIMER, id);
                }
            } else {
                decided.add(d);
            }
        }
        List<ScheduleStore.FireResult> results = decided.isEmpty() ? List.of()
                : store.fire(decided.stream().map(Decision::fire).toList(), settings.token(),
                        now.plus(settings.lease()));
        Instant durable = clock.instant(); // what someone waiting for the runs sees
        List<String> run = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            Decision d = decided.get(i);
            ScheduleStore.FireResult r = results.get(i);
            if (r.fired() == ScheduleStore.Fired.LOST) {
                leaseLoss.lost(LeaseLoss.Kind.TIMER, d.fire().executionId());
                continue;
            }
            if (r.fired() == ScheduleStore.Fired.STALE) {
                continue;
            }
            if (d.fire().runIt()) {
                run.add(d.fire().executionId());
            }
            run.addAll(r.inserted());
            for (Instant t : d.slots()) {
                listener.fired(Duration.between(t, durable));
            }
            listener.missed(d.fire().outcome().missed());
            listener.skipped(d.fire().outcome().skipped());
            if (r.fired() == ScheduleStore.Fired.NEXT_TAKEN) {
                armAfter(d.state(), d.fire().next().id(), d.fire().next().wakeAt(), d.fire().revision());
            }
        }
        return run;
    }

    /** One slot's admission, decided: the store write and what it is about. */
    private record Decision(ScheduleState state, List<Instant> slots, ScheduleStore.Fire fire) {}

    /** Applies the misfire and concurrency policies to the armed slot of {@code s}; null: hold it (queue). */
    private Decision decide(String timerId, ScheduleState s, int revision, Instant now) {
        ScheduleSpec spec = spec(s.spec());
        Instant slot = s.nextFireAt();
        SlotPlan plan = SlotPlan.of(spec, slot, now, settings.grace());
        List<Instant> fire = plan.fire();
        Instant next = plan.next();
        int skipped = 0;
        if (!fire.isEmpty() && spec.concurrency() != ScheduleSpec.Concurrency.ALLOW) {
            if (previousRunGoing(s)) {
                if (spec.concurrency() == ScheduleSpec.Concurrency.QUEUE) {
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
        List<Execution> alsoRun = new ArrayList<>();
        for (Instant t : fire) {
            if (!t.equals(slot)) {
                alsoRun.add(run(s.id(), s.team(), s.workflowId(), revision, spec, t, false));
            }
        }
        Instant last = fire.isEmpty() ? null : fire.getLast();
        ScheduleStore.Outcome outcome = new ScheduleStore.Outcome(last, last == null ? null : now,
                last == null ? null : ScheduleIds.execution(s.id(), last),
                last == null ? null : Duration.between(last, now).toMillis(), plan.missed(), skipped);
        Execution timer = next == null ? null : run(s.id(), s.team(), s.workflowId(), revision, spec, next, true);
        return new Decision(s, fire, new ScheduleStore.Fire(s.id(), timerId, fire.contains(slot), revision, alsoRun,
                timer, outcome));
    }

    /**
     * Arms the first slot after {@code after} whose run does not exist yet, for a schedule still armed with
     * {@code expected} (a timer that was cancelled, or that names a slot a backfill already ran).
     */
    private void armAfter(ScheduleState s, String expected, Instant after, int revision) {
        ScheduleSpec spec = spec(s.spec());
        Instant slot = after;
        for (int i = 0; i < SchedulerSettings.MAX_TAKEN_SLOTS; i++) {
            slot = spec.next(slot).orElse(null);
            Instant now = clock.instant();
            Execution timer = slot == null ? null : run(s.id(), s.team(), s.workflowId(), revision, spec, slot, true);
            if (store.rearm(s.id(), expected, timer, now) != ScheduleStore.Fired.NEXT_TAKEN) {
                return;
            }
        }
    }

    /** A person cancelled the upcoming run: the schedule goes on with the slot after it. */
    @Override
    public void cancelled(Execution execution) {
        ScheduleState s = store.findArmed(List.of(execution.id())).get(execution.id());
        if (s != null && s.nextFireAt() != null) {
            armAfter(s, execution.id(), s.nextFireAt(), execution.revision());
        }
    }

    /**
     * The execution that runs one slot: deferred (the schedule's timer) or ready to run now. Its creation date is
     * the slot, whenever the row is written (a timer is written one period ahead, a catch-up late): lists and
     * time filters then place every run at the time it stands for (docs/triggers.md#schedule-runs).
     */
    private static Execution run(String scheduleId, String team, String workflowId, int revision, ScheduleSpec spec,
                                 Instant slot, boolean deferred) {
        Execution.Origin origin = new Execution.Origin(ScheduleIds.execution(scheduleId, slot), team, workflowId,
                revision, TriggerKind.SCHEDULE,
                DataPillsContext.initial(TriggerKind.SCHEDULE, TriggerData.schedule(slot).toJson(), spec.input()), null);
        return deferred ? Execution.deferredUntil(origin, slot, slot) : Execution.notStarted(origin, slot);
    }

    /** Parsing a cron expression costs far more than a map lookup, and a node sees the same few specs all day. */
    private ScheduleSpec spec(JsonNode entry) {
        return specs.get(entry, ScheduleSpec::parse);
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
        WorkflowSummary head = workflows.find(s.team(), s.workflowId())
                .orElseThrow(() -> new NotFoundException("schedule", id));
        Instant now = clock.instant();
        ScheduleSpec spec = spec(s.spec());
        Instant next = spec.next(now).orElse(null);
        store.setPaused(id, false, next == null ? null
                : run(s.id(), s.team(), s.workflowId(), head.latestRevision(), spec, next, true), now);
        return store.find(id).orElseThrow(() -> new NotFoundException("schedule", id));
    }

    /** What a backfill did: slots run now, and slots that had run before (not repeated). */
    public record Backfill(List<String> started, int alreadyFired) {}

    /**
     * Runs every slot in [{@code from}, {@code to}] that has not fired yet, whatever the policies say. Slots
     * after now are left to the schedule's timer, which fires them in their time.
     */
    public Backfill backfill(String id, Instant from, Instant to) {
        ScheduleState s = store.find(id).orElseThrow(() -> new NotFoundException("schedule", id));
        if (to.isBefore(from)) {
            throw new BadRequestException("invalid_range", "'to' must not be before 'from'");
        }
        Instant now = clock.instant();
        Instant until = to.isAfter(now) ? now : to;
        ScheduleSpec spec = spec(s.spec());
        List<Instant> slots = new ArrayList<>();
        Optional<Instant> cursor = spec.next(from.minusMillis(1));
        while (cursor.isPresent() && !cursor.get().isAfter(until)) {
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
                    TriggerKind.SCHEDULE, TriggerData.schedule(slot).toJson(), spec.input(), slot));
        }
        // The store refuses the ids of slots that ran before (or whose timer is set): "not repeated" is decided there.
        List<String> started = executions.startOnce(starts).stream().map(Execution::id).toList();
        int already = slots.size() - started.size();
        return new Backfill(started, already);
    }
}
