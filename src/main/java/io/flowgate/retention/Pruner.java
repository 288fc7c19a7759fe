package io.flowgate.retention;

import io.flowgate.core.Backlog;
import io.flowgate.store.RetentionStore;
import io.flowgate.store.RetentionStore.Kind;
import io.flowgate.store.RetentionStore.Scope;
import io.flowgate.store.RetentionStore.WorkflowKey;
import io.flowgate.store.WorkflowStore;
import io.flowgate.workflow.WorkflowRevision;
import io.flowgate.workflow.WorkflowSummary;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prunes history past its retention (docs/operations.md#retention): every {@link RetentionSettings#every()} a
 * round deletes, kind by kind, what is older than the node's retention, then what is older than each workflow's
 * own {@code retention:}, a batch per write with a pause between batches. Runs on a virtual thread; a failure is
 * logged and the next round tries again. In a cluster only the node whose turn it is prunes (the lowest live node
 * id); if two nodes think so at once, the store makes that harmless.
 */
public final class Pruner implements AutoCloseable {
    /** Told how many rows of each kind went, after every batch. */
    @FunctionalInterface
    public interface Listener {
        void pruned(Kind kind, int rows);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Pruner.class);

    private final RetentionStore store;
    private final WorkflowStore workflows;
    private final Clock clock;
    private final RetentionSettings settings;
    private final Listener listener;
    private final BooleanSupplier myTurn;
    private volatile boolean running;
    private Thread loop;

    public Pruner(RetentionStore store, WorkflowStore workflows, Clock clock, RetentionSettings settings,
                  Listener listener, BooleanSupplier myTurn) {
        this.store = store;
        this.workflows = workflows;
        this.clock = clock;
        this.settings = settings;
        this.listener = listener;
        this.myTurn = myTurn;
    }

    public synchronized void start() {
        running = true;
        loop = Thread.ofVirtual().name("flowgate-retention").start(this::run);
    }

    private void run() {
        while (running) {
            try {
                Thread.sleep(settings.every());
                if (myTurn.getAsBoolean()) {
                    pruneAll();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("Pruning history failed; the next round tries again", e);
            }
        }
    }

    /**
     * One round: prunes everything due now, a batch at a time, pausing between batches; returns the rows deleted
     * per kind. Tests call it directly with a settable clock.
     */
    public Map<Kind, Integer> pruneAll() throws InterruptedException {
        Instant now = clock.instant();
        Map<WorkflowKey, Duration> own = overrides();
        Map<Kind, Integer> total = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            List<WorkflowKey> except = kind.perWorkflow() ? new ArrayList<>(own.keySet()) : List.of();
            int n = drain(kind, now.minus(settings.keep()), Scope.allExcept(except));
            if (kind.perWorkflow()) {
                for (var e : own.entrySet()) {
                    n += drain(kind, now.minus(e.getValue()), Scope.of(e.getKey()));
                }
            }
            total.put(kind, n);
        }
        return total;
    }

    /** Deletes batches until one comes back short. */
    private int drain(Kind kind, Instant before, Scope scope) throws InterruptedException {
        return Backlog.drain(settings.batch(), settings.pause(), () -> store.prune(kind, before, scope,
                settings.batch()), n -> {
                    if (n > 0) {
                        listener.pruned(kind, n);
                    }
                });
    }

    /** The workflows whose latest revision sets a retention of its own. */
    private Map<WorkflowKey, Duration> overrides() {
        Map<WorkflowKey, Duration> own = new java.util.LinkedHashMap<>();
        for (WorkflowSummary w : workflows.list(null)) {
            workflows.latest(w.team(), w.id()).map(WorkflowRevision::definition)
                    .filter(d -> d.retention() != null)
                    .ifPresent(d -> own.put(new WorkflowKey(w.team(), w.id()), d.retention()));
        }
        return own;
    }

    @Override
    public synchronized void close() {
        running = false;
        if (loop != null) {
            loop.interrupt();
        }
    }
}
