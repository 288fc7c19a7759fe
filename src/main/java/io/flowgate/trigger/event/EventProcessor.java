package io.flowgate.trigger.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.LeaseLoss;
import io.flowgate.core.LeaseOwner;
import io.flowgate.core.TriggerKind;
import io.flowgate.core.Waiter;
import io.flowgate.engine.Executions;
import io.flowgate.expr.TriggerData;
import io.flowgate.store.EventStore;
import io.flowgate.store.EventStore.EventRun;
import io.flowgate.store.EventStore.StoredEvent;
import io.flowgate.store.WaitStore;
import io.flowgate.store.WaitStore.Resolution;
import io.flowgate.store.WaitStore.Wait;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes accepted events, oldest first, each once: starts every workflow whose event trigger matches
 * (one run per event and workflow, under an id derived from both) and resumes every waiting step whose
 * correlation holds (in one commit per event), then marks the events processed. Every part is idempotent, so an
 * event claimed again after a crash halfway is processed to the same end. The loop runs when told that
 * events arrived, and at least every {@link #IDLE_PAUSE} for events other nodes accepted, claims that
 * expired, and waits resolved while their run was still busy.
 */
public final class EventProcessor implements AutoCloseable {
    static final Duration IDLE_PAUSE = Duration.ofMillis(500);
    static final int BATCH = 256;
    private static final Logger LOG = LoggerFactory.getLogger(EventProcessor.class);

    private final EventStore events;
    private final WaitStore waits;
    private final EventTriggerIndex index;
    private final Executions executions;
    private final Runnable executionsWoken;
    private final Clock clock;
    private final String owner;
    private final Duration lease;
    private volatile LeaseLoss leaseLoss = LeaseLoss.NONE;
    private final EventListener listener;
    private final Waiter waiter = new Waiter();
    private volatile boolean running;
    private Thread loop;

    public EventProcessor(EventStore events, WaitStore waits, EventTriggerIndex index, Executions executions,
                          Runnable executionsWoken, Clock clock, LeaseOwner owner, Duration lease,
                          EventListener listener) {
        this.events = events;
        this.waits = waits;
        this.index = index;
        this.executions = executions;
        this.executionsWoken = executionsWoken;
        this.clock = clock;
        this.owner = owner.toString();
        this.lease = lease;
        this.listener = listener;
    }

    public void start() {
        running = true;
        loop = Thread.ofPlatform().daemon().name("flowgate-events").start(this::run);
    }

    /** Who hears of events whose claim this node lost before marking them processed; set before start. */
    public void leaseLoss(LeaseLoss losses) {
        this.leaseLoss = losses;
    }

    /**
     * Keeps this node's claims on the events it is processing for another lease; called on the membership
     * heartbeat (a third of the lease), so a batch may take longer than one lease and a dead node's claims
     * expire with its other leases.
     */
    public void renewClaims() {
        try {
            events.renewClaims(owner, clock.instant().plus(lease));
        } catch (RuntimeException e) {
            LOG.warn("Renewing event claims failed; will retry", e);
        }
    }

    /** Events were accepted (or waits resolved) on this node: look now. */
    public void wake() {
        waiter.wake();
    }

    private void run() {
        while (running) {
            try {
                int processed = processPending();
                if (waits.wakeResolved(clock.instant()) > 0) {
                    executionsWoken.run();
                }
                if (processed < BATCH) {
                    waiter.await(IDLE_PAUSE);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("Processing events failed; retrying", e);
                try {
                    waiter.await(IDLE_PAUSE);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /**
     * One pass: claims a batch of unprocessed events and processes it — the starts of the whole batch in one
     * commit, each event's resumptions in one commit, and the processed marks in one; returns how many.
     */
    public int processPending() {
        Instant now = clock.instant();
        List<StoredEvent> batch = events.claimPending(owner, now, now.plus(lease), BATCH);
        if (batch.isEmpty()) {
            return 0;
        }
        // One listing of the workflows: only revisions saved since the last batch (on any node) are read.
        index.sync();
        List<EventRun> runs = new ArrayList<>();
        List<Executions.Start> starts = new ArrayList<>();
        Map<String, Integer> startedBy = new HashMap<>();
        for (StoredEvent e : batch) {
            List<Executions.Start> own = starts(e);
            own.forEach(s -> runs.add(new EventRun(e.seq(), s.executionId(), "started")));
            startedBy.put(e.seq(), own.size());
            starts.addAll(own);
        }
        if (!starts.isEmpty()) {
            executions.startOnce(starts);
        }
        Map<String, List<String>> keyPaths = new HashMap<>();
        Map<String, Boolean> waitedFor = new HashMap<>();
        boolean woke = false;
        for (StoredEvent e : batch) {
            List<Resolution> resolutions = new ArrayList<>();
            for (Wait w : candidates(e, keyPaths, waitedFor)) {
                if (matches(w, e, clock)) {
                    resolutions.add(new Resolution(w.executionId(), w.stepId(), e.document(), true));
                }
            }
            List<Resolution> resumed = waits.resolve(resolutions, clock.instant());
            woke |= !resumed.isEmpty();
            resumed.forEach(r -> runs.add(new EventRun(e.seq(), r.executionId(), "resumed")));
            listener.matched(startedBy.get(e.seq()), resumed.size());
        }
        if (woke) {
            executionsWoken.run();
        }
        for (String seq : events.processed(owner, batch.stream().map(StoredEvent::seq).toList(), clock.instant(),
                runs)) {
            leaseLoss.lost(LeaseLoss.Kind.EVENT, seq); // another node claimed it again and processes it to the same end
        }
        return batch.size();
    }

    /** The runs {@code e} starts: one per workflow with a matching trigger, under an id derived from both. */
    private List<Executions.Start> starts(StoredEvent e) {
        ObjectNode doc = (ObjectNode) e.document();
        List<Executions.Start> starts = new ArrayList<>();
        for (EventTrigger t : index.candidates(e.type())) {
            if (!e.reaches(t.team(), t.workflowId())) {
                continue; // a workflow's token reaches only that workflow, a team-scoped key only its teams
            }
            if (starts.stream().anyMatch(s -> s.team().equals(t.team()) && s.workflowId().equals(t.workflowId()))) {
                continue; // several entries of one workflow match: it still starts once
            }
            boolean accepts;
            try {
                accepts = t.accepts(doc, clock);
            } catch (RuntimeException filterFailed) {
                LOG.warn("Event trigger filter of {}/{} failed on event {}: {}", t.team(), t.workflowId(), e.id(),
                        filterFailed.getMessage());
                accepts = false;
            }
            if (accepts) {
                starts.add(new Executions.Start(EventIds.execution(e.seq(), e.receivedAt(), t.team(),
                        t.workflowId()), t.team(), t.workflowId(), TriggerKind.EVENT,
                        TriggerData.event(doc).toJson(), null, null));
            }
        }
        return starts;
    }

    /**
     * Waits that may match: by key where the correlation has one, all keyless ones of the type otherwise. Per
     * batch, each type's key paths are read once — and a type nobody waits for costs nothing more.
     */
    private List<Wait> candidates(StoredEvent e, Map<String, List<String>> keyPathsByType,
                                  Map<String, Boolean> waitedFor) {
        List<String> types = EventTypes.patternsMatching(e.type());
        if (!waitedFor.computeIfAbsent(e.type(), t -> waits.anyOpen(types))) {
            return List.of();
        }
        List<WaitStore.Key> keys = new ArrayList<>();
        for (String path : keyPathsByType.computeIfAbsent(e.type(), t -> waits.keyPaths(types))) {
            Optional<String> value = Correlation.valueAt(e.document(), path);
            value.ifPresent(v -> keys.add(new WaitStore.Key(path, v)));
        }
        return waits.candidates(types, keys);
    }

    /** Whether event {@code e} resolves wait {@code w}: same scope, window, source, and the correlation holds. */
    static boolean matches(Wait w, StoredEvent e, Clock clock) {
        if (!e.reaches(w.team(), w.workflowId())) {
            return false;
        }
        if (w.createdAt() != null && e.receivedAt().isBefore(w.createdAt())) {
            return false;
        }
        if (w.eventSource() != null && !w.eventSource().equals(e.source())) {
            return false;
        }
        return Correlation.holds(w.correlation(), e.document(), w.context(), clock);
    }

    @Override
    public void close() {
        running = false;
        waiter.wake();
        if (loop != null) {
            loop.interrupt();
            try {
                loop.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            events.releaseClaims(owner); // a batch cut short: another node processes it now, to the same end
        } catch (RuntimeException e) {
            LOG.warn("Could not release event claims at shutdown; they expire in {}", lease, e);
        }
    }
}
