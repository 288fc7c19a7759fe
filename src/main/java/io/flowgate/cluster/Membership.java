package io.flowgate.cluster;

import io.flowgate.core.LeaseOwner;
import io.flowgate.store.NodeStore;
import io.flowgate.store.NodeStore.Held;
import io.flowgate.store.NodeStore.NodeRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's place in the cluster. {@link #join()} takes the next epoch of the node id (the lease owner
 * token every part of the node writes) and frees what earlier lives of the id held; then a heartbeat every
 * third of the lease records that the node lives, notices when this node itself was silent for longer than its
 * lease, and watches the other nodes: when one falls silent, it wakes this node's claim loops at the moment
 * that node's first lease ends, so its work moves at once rather than at the next poll.
 */
public final class Membership implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);

    /**
     * @param nodeId  this node's id ({@code --node-id})
     * @param address its public URL as first known; {@link #announce} corrects it once the port is bound
     * @param version the product version it runs
     * @param lease   its lease ({@code --lease}); it beats every third of it
     */
    public record Settings(String nodeId, String address, String version, Duration lease) {}

    private final NodeStore store;
    private final Settings settings;
    private final Clock clock;
    private final MembershipListener listener;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("flowgate-membership").factory());
    private final List<Runnable> onBeat = new CopyOnWriteArrayList<>();
    /** Per silent node: the lease end this node's claim loops are set to wake at. */
    private final Map<LeaseOwner, Instant> plannedWakes = new ConcurrentHashMap<>();
    private volatile Runnable wakeClaimers = () -> {};
    private volatile LeaseOwner owner;
    private volatile Instant lastBeat;
    private volatile boolean silenceReported;
    private volatile int liveNodes = 1;

    public Membership(NodeStore store, Settings settings, Clock clock, MembershipListener listener) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * Takes this node's next epoch and releases what earlier lives of its id held, so they are resumed now
     * (by this node or any other) instead of after their leases expire. Warns when the previous life still
     * looked alive: two processes running with one node id.
     */
    public LeaseOwner join() {
        Instant now = clock.instant();
        NodeStore.Joined joined = store.join(settings.nodeId(), settings.address(), settings.version(),
                settings.lease(), now);
        owner = joined.owner();
        lastBeat = now;
        joined.previous().filter(previous -> Liveness.alive(previous, now)).ifPresent(previous -> LOG.warn(
                "Node id '{}' beat {} ago under epoch {} ({}), within its lease: either that process died moments "
                        + "ago, or another live process runs with this id — then give each process its own "
                        + "--node-id. This process (epoch {}) takes over what epoch {} held; its writes are refused "
                        + "from now on.", settings.nodeId(), Duration.between(previous.lastHeartbeat(), now),
                previous.epoch(), previous.address(), owner.epoch(), previous.epoch()));
        NodeStore.Released released = store.releaseEarlierLives(owner);
        if (released.total() > 0) {
            LOG.info("Released what earlier lives of node '{}' held, for any node to resume now: {} execution(s), "
                    + "{} delivery(ies), {} event claim(s)", settings.nodeId(), released.executions(),
                    released.deliveries(), released.events());
        }
        LOG.info("Joined the cluster as {}", owner);
        return owner;
    }

    /** Runs {@code task} on every heartbeat (lease renewals that belong to no loop of their own). */
    public void onBeat(Runnable task) {
        onBeat.add(task);
    }

    /** What wakes this node's claim loops (executions, deliveries, events) when a silent node's lease ends. */
    public void wakeClaimersWith(Runnable wake) {
        this.wakeClaimers = wake;
    }

    /** Starts the heartbeat; call after {@link #join()}. */
    public synchronized void start() {
        if (owner == null) {
            throw new IllegalStateException("join() first");
        }
        // The node's own start (workflow files, schedules) may take longer than a lease: that is no pause.
        lastBeat = clock.instant();
        long every = Liveness.beatEvery(settings.lease()).toMillis();
        ticker.scheduleWithFixedDelay(this::beatSafely, 0, every, TimeUnit.MILLISECONDS);
    }

    /** Records the node's public URL once the HTTP port is bound. */
    public void announce(String address) {
        store.announce(owner(), address);
    }

    public LeaseOwner owner() {
        if (owner == null) {
            throw new IllegalStateException("Not joined yet");
        }
        return owner;
    }

    /** Every node row with its alive flag and the rows its current epoch holds (two reads and two GROUP BYs). */
    public List<NodeView> nodes() {
        Instant now = clock.instant();
        Map<String, Held> held = store.held();
        List<NodeView> views = new ArrayList<>();
        for (NodeRow row : store.list()) {
            views.add(new NodeView(row.id(), row.address(), row.version(), row.startedAt(), row.lastHeartbeat(),
                    Liveness.alive(row, now), held.getOrDefault(row.owner().toString(), Held.NONE)));
        }
        return views;
    }

    private void beatSafely() {
        try {
            beat();
        } catch (RuntimeException e) {
            LOG.warn("Heartbeat failed; will retry", e); // the loop never dies
        }
    }

    /** One heartbeat: notice our own silence, record the beat, run the renewals, watch the others. */
    public void beat() {
        Instant now = clock.instant();
        Duration silent = Duration.between(lastBeat, now);
        if (silent.compareTo(settings.lease()) > 0 && !silenceReported) {
            silenceReported = true;
            LOG.warn("This node went {} without a heartbeat, more than its lease ({}): it was paused or cut off. "
                    + "Other nodes may have taken over its leases; its writes to those rows are refused.",
                    silent, settings.lease());
            listener.paused(silent);
        }
        if (store.beat(owner, now)) {
            lastBeat = now;
            silenceReported = false;
        } else {
            LOG.error("Node id '{}' was taken by a newer process than this one ({}): two processes run with one "
                    + "--node-id. This one's leases are refused; stop it, or give it its own --node-id.",
                    settings.nodeId(), owner);
        }
        for (Runnable task : onBeat) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("A heartbeat task failed", e);
            }
        }
        watchSilentNodes(now);
    }

    /**
     * For each other node that missed a beat, plans a wake-up of the claim loops just after the earliest lease
     * it still holds ends (claims take leases that ended before now): its work is found within milliseconds of
     * the lease's end, not at the claim loops' next poll.
     */
    private void watchSilentNodes(Instant now) {
        Set<LeaseOwner> silent = new HashSet<>();
        int live = 0;
        for (NodeRow row : store.list()) {
            if (Liveness.alive(row, now) || row.id().equals(settings.nodeId())) {
                live++;
            }
            if (row.id().equals(settings.nodeId()) || !Liveness.silent(row, now)
                    || row.lastHeartbeat().plus(row.lease().multipliedBy(2)).isBefore(now)) {
                continue; // alive, stopped, or silent so long that every lease it held has ended: the poll finds those
            }
            LeaseOwner other = row.owner();
            Optional<Instant> ends = store.earliestLeaseEnd(other, Instant.EPOCH);
            if (ends.isEmpty()) {
                continue;
            }
            silent.add(other);
            Instant wakeAt = ends.get().plusMillis(1);
            if (wakeAt.equals(plannedWakes.put(other, wakeAt))) {
                continue; // already planned
            }
            long delay = Math.max(0, Duration.between(now, wakeAt).toMillis());
            LOG.info("Node {} is silent since {}; its first lease ends in {} ms, when this node looks for its work",
                    other, row.lastHeartbeat(), delay);
            ticker.schedule(() -> wakeFor(other, wakeAt), delay, TimeUnit.MILLISECONDS);
        }
        plannedWakes.keySet().retainAll(silent);
        liveNodes = Math.max(1, live);
    }

    /** Nodes alive at the last heartbeat, this one included (at least 1): what shares cluster-wide limits. */
    public int liveNodes() {
        return liveNodes;
    }

    /**
     * Wakes the claim loops for a silent node's lease that ended at {@code wakeAt}, then plans the next wake-up
     * if that node holds a lease ending later (a row whose lease was renewed on another tick), so every lease
     * it held is looked for as it ends, not at the next beat.
     */
    private void wakeFor(LeaseOwner other, Instant wakeAt) {
        try {
            wakeClaimers.run();
            Optional<Instant> next = store.earliestLeaseEnd(other, wakeAt.minusMillis(1))
                    .map(end -> end.plusMillis(1));
            if (next.isPresent() && plannedWakes.replace(other, wakeAt, next.get())) {
                long delay = Math.max(0, Duration.between(clock.instant(), next.get()).toMillis());
                ticker.schedule(() -> wakeFor(other, next.get()), delay, TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            LOG.warn("Waking the claim loops failed", e);
        }
    }

    /** Stops beating and marks this node stopped, so it reads as not alive at once (call after leases are given up). */
    @Override
    public synchronized void close() {
        ticker.shutdownNow();
        if (owner == null) {
            return;
        }
        try {
            store.stopped(owner, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("Could not mark node {} stopped; it reads as not alive once its heartbeat is a lease old",
                    owner, e);
        }
    }
}
