package io.flowgate.engine.worker;

import io.flowgate.engine.ExecutionStatus;
import io.flowgate.store.ClusterSignals;
import io.flowgate.store.Signal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the engine does with other nodes' signals. On the signal thread (quick): new work wakes the claim
 * loop; a run this node drives that another node ended (a cancel) is aborted at once. Changes someone here
 * watches (a status stream, a sync webhook's wait, the executions list stream) are read from the store on
 * this class's own thread and published as if made here, so the listener's thread never waits on a read.
 */
final class RemoteChanges implements ClusterSignals.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteChanges.class);

    private final ExecutionEvents events;
    private final Claimer claimer;
    private final Function<String, ExecutionDriver> drivers;
    private final Consumer<String> republish;
    /**
     * Executions to read, each once however many signals name it before the read. Bounded: past it, changes
     * are dropped (logged) rather than growing without end when a busy cluster outpaces one node's reads;
     * the status streams' re-read and the console's re-read cover what was dropped.
     */
    static final int MAX_PENDING = 10_000;
    private final LinkedBlockingQueue<String> toRead = new LinkedBlockingQueue<>();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread reader;
    private AutoCloseable subscription;

    /** {@code republish} reads one execution and tells this node's listeners and watchers about it. */
    RemoteChanges(ExecutionEvents events, Claimer claimer, Function<String, ExecutionDriver> drivers,
                  Consumer<String> republish) {
        this.events = events;
        this.claimer = claimer;
        this.drivers = drivers;
        this.republish = republish;
        this.reader = Thread.ofVirtual().name("remote-changes").unstarted(this::readLoop);
    }

    RemoteChanges listen(ClusterSignals signals) {
        reader.start();
        subscription = signals.subscribe(EnumSet.of(Signal.Kind.WORK, Signal.Kind.EXECUTION), this);
        return this;
    }

    @Override
    public void signal(Signal signal) {
        if (signal.kind() == Signal.Kind.WORK) {
            if (signal.subject().isEmpty()) {
                claimer.wake();
            } else {
                claimer.wakeIfBefore(Instant.ofEpochMilli(Long.parseLong(signal.subject())));
            }
            return;
        }
        String id = signal.executionId();
        if (signal.status() != null && ExecutionStatus.fromWire(signal.status()).terminal()) {
            ExecutionDriver driver = drivers.apply(id);
            if (driver != null) {
                driver.abort(); // cancelled (or ended) elsewhere: stop now rather than at the next write
            }
        }
        // A status change matters to the list watchers; any change to whoever follows this execution.
        if (events.has(id) || (signal.status() != null && events.watched())) {
            read(id);
        }
    }

    @Override
    public void missed() {
        claimer.wake();
        events.followed().forEach(this::read);
    }

    private void read(String id) {
        if (pending.size() >= MAX_PENDING) {
            if (dropped.incrementAndGet() % MAX_PENDING == 1) {
                LOG.warn("Other nodes' changes arrive faster than this node reads them; {} dropped so far", dropped.get());
            }
            return;
        }
        if (pending.add(id)) {
            toRead.add(id);
        }
    }

    private void readLoop() {
        List<String> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(toRead.take());
            } catch (InterruptedException e) {
                return;
            }
            toRead.drainTo(batch);
            for (String id : batch) {
                pending.remove(id); // before the read: a change after this point is read again
                try {
                    republish.accept(id);
                } catch (RuntimeException e) {
                    LOG.debug("Reading execution {} after another node's change failed", id, e);
                }
            }
            batch.clear();
        }
    }

    @Override
    public void close() {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.debug("Closing the signal subscription failed", e);
            }
        }
        reader.interrupt();
    }
}
