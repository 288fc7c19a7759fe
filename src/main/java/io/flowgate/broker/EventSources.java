package io.flowgate.broker;

import io.flowgate.core.BadRequestException;
import io.flowgate.core.NotFoundException;
import io.flowgate.store.BrokerStore;
import io.flowgate.store.BrokerStore.StoredSource;
import io.flowgate.trigger.event.EventDocument;
import io.flowgate.trigger.event.EventIntake;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.flowgate.core.FlowgateException;
import io.flowgate.core.LeaseOwner;
import io.flowgate.core.Json;
import io.flowgate.workflow.WorkflowFiles;
import java.io.IOException;
import java.nio.file.Path;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event sources: created, listed and deleted through here, and run on this node — one loop per source on
 * a virtual thread. Every node runs every source whose broker shares the messages out (a JetStream durable pull
 * consumer, AMQP competing consumers, an MQTT shared subscription); a source only one node may consume (an
 * MQTT subscription without {@code shared}) runs on the node that holds its lease, renewed at every sync and
 * taken over by another node once it expires. The set of running loops is brought in line with the store every
 * few seconds, so a source created or deleted on another node is picked up.
 */
public final class EventSources implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventSources.class);
    public static final Duration DEFAULT_SYNC_EVERY = Duration.ofSeconds(5);
    /** Source files are YAML or JSON (JSON is YAML). */
    private static final ObjectMapper FILES = new YAMLMapper();

    private final BrokerStore store;
    private final Connections connections;
    private final Function<List<EventDocument>, Integer> intake;
    private final BrokerListener listener;
    private final Clock clock;
    private final String nodeId;
    private final String owner;
    private final Duration lease;
    private final Duration syncEvery;
    private final Map<String, Running> running = new HashMap<>();
    /** Single-consumer sources whose lease this node holds (guarded by {@link #running}). */
    private final Set<String> held = new HashSet<>();
    private final ScheduledExecutorService sync = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("flowgate-sources").factory());
    private volatile boolean closed;

    /** A loop and what it was started from: a change of either restarts it. */
    private record Running(SourceLoop loop, Thread thread, Instant specAt, Instant connectionAt) {}

    /** A source and how it is doing on this node. */
    public record SourceView(SourceSpec spec, Instant createdAt, Instant updatedAt, SourceStatus.View status) {}

    /**
     * @param owner this life of the node, the holder of single-consumer sources' leases
     * @param lease how long a held lease lasts unrenewed; at least twice {@code syncEvery}
     */
    public EventSources(BrokerStore store, Connections connections, EventIntake intake, BrokerListener listener,
                        Clock clock, LeaseOwner owner, Duration lease, Duration syncEvery) {
        if (lease.compareTo(syncEvery.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("a source lease (" + lease + ") must last at least two syncs ("
                    + syncEvery + " each)");
        }
        this.store = store;
        this.connections = connections;
        this.intake = docs -> intake.accept(docs, EventIntake.Scope.EVERY_TEAM);
        this.listener = listener;
        this.clock = clock;
        this.nodeId = owner.nodeId();
        this.owner = owner.toString();
        this.lease = lease;
        this.syncEvery = syncEvery;
        connections.onChange(name -> syncQuietly());
    }

    /** How often to sync with the store: every 5 s, or a third of a shorter lease so a held one is renewed in time. */
    public static Duration syncEvery(Duration lease) {
        Duration third = lease.dividedBy(3);
        return third.compareTo(DEFAULT_SYNC_EVERY) < 0 ? third : DEFAULT_SYNC_EVERY;
    }

    public void start() {
        syncQuietly();
        sync.scheduleWithFixedDelay(this::syncQuietly, syncEvery.toMillis(), syncEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Creates or replaces a source; {@code true} when it is new. Starts (or restarts) it on this node. */
    public boolean save(JsonNode body) {
        SourceSpec spec = SourceSpec.parse(body);
        Connections.Info connection = connections.list().stream().filter(c -> c.name().equals(spec.connection()))
                .findFirst().orElseThrow(() -> new BadRequestException("unknown_connection",
                        "Connection '" + spec.connection() + "' does not exist; create it first"));
        if (connection.kind() != spec.kind()) {
            throw new BadRequestException("invalid_event_source", "Connection '" + spec.connection() + "' is "
                    + connection.kind().wire() + "; the source names " + spec.kind().wire());
        }
        Optional<StoredSource> existing = store.source(spec.name());
        if (existing.isPresent() && existing.get().spec().equals(spec.toJson())) {
            return false; // the same again (a file applied at every start, a repeated call): nothing to restart
        }
        Instant now = clock.instant();
        Instant createdAt = existing.map(StoredSource::createdAt).orElse(now);
        boolean created = store.putSource(new StoredSource(spec.name(), spec.connection(), spec.toJson(), createdAt,
                now));
        syncQuietly();
        return created;
    }

    /**
     * Applies the source files of {@code directory} ({@code *.yaml}, {@code *.yml}, {@code *.json}, each the body of
     * {@code POST /api/v1/event-sources}), in file-name order, as workflow files are applied at start: new and
     * changed sources are saved, unchanged ones left as they are; a file that cannot be applied is logged and
     * skipped. Sources created through the API and not in a file are kept.
     */
    public void applyFiles(Path directory) {
        for (WorkflowFiles.WorkflowFile file : WorkflowFiles.list(directory)) {
            try {
                JsonNode body = FILES.readTree(file.text());
                boolean created = save(body == null ? Json.object() : body);
                LOG.info("Event source file {} applied{}", file.path(), created ? " (new source)" : "");
            } catch (FlowgateException e) {
                LOG.error("Skipped event source file {}: {} {}", file.path(), e.getMessage(), e.details());
            } catch (IOException | RuntimeException e) {
                LOG.error("Skipped event source file {}: {}", file.path(), Reasons.of(e));
            }
        }
    }

    public List<SourceView> list() {
        List<SourceView> out = new ArrayList<>();
        for (StoredSource s : store.sources()) {
            out.add(view(s));
        }
        return out;
    }

    public SourceView get(String name) {
        return store.source(name).map(this::view).orElseThrow(() -> new NotFoundException("event source", name));
    }

    public void delete(String name) {
        if (!store.deleteSource(name)) {
            throw new NotFoundException("event source", name);
        }
        syncQuietly();
    }

    private SourceView view(StoredSource s) {
        SourceStatus.View status;
        synchronized (running) {
            Running r = running.get(s.name());
            SourceState idle = SourceSpec.parse(s.spec()).singleConsumer() && !closed ? SourceState.STANDBY
                    : SourceState.STOPPED;
            status = r != null ? r.loop().status().view() : new SourceStatus.View(idle, null, null, -1, 0, 0, 0);
        }
        return new SourceView(SourceSpec.parse(s.spec()), s.createdAt(), s.updatedAt(), status);
    }

    private void syncQuietly() {
        try {
            sync();
        } catch (RuntimeException e) {
            LOG.warn("Event sources: cannot read the sources ({}); trying again in {} s", Reasons.of(e),
                    syncEvery.toSeconds());
        }
    }

    /** Starts stored sources not running here, stops deleted ones, restarts changed ones. */
    private void sync() {
        if (closed) {
            return;
        }
        Map<String, StoredSource> wanted = new HashMap<>();
        store.sources().forEach(s -> wanted.put(s.name(), s));
        Map<String, Instant> connectionTimes = new HashMap<>();
        connections.list().forEach(c -> connectionTimes.put(c.name(), c.updatedAt()));
        List<Thread> stopping = new ArrayList<>();
        synchronized (running) {
            Set<String> mine = leased(wanted);
            for (var it = running.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                StoredSource s = wanted.get(e.getKey());
                Running r = e.getValue();
                if (s == null || !mine.contains(s.name()) || !s.updatedAt().equals(r.specAt())
                        || !connectionTimes.getOrDefault(s.connection(), Instant.MIN).equals(r.connectionAt())) {
                    r.loop().stop();
                    it.remove();
                    stopping.add(r.thread());
                }
            }
            // A replaced source must not overlap its successor (an MQTT client id is taken over, for one).
            for (Thread t : stopping) {
                join(t);
            }
            for (StoredSource s : wanted.values()) {
                if (running.containsKey(s.name()) || !mine.contains(s.name()) || closed) {
                    continue;
                }
                Instant connectionAt = connectionTimes.get(s.connection());
                SourceSpec spec = SourceSpec.parse(s.spec());
                SourceLoop loop = new SourceLoop(spec, () -> connection(spec.connection()),
                        connections.driver(spec.kind()), intake, new SourceStatus(), listener, clock, nodeId);
                Thread thread = Thread.ofVirtual().name("flowgate-source-" + s.name()).start(loop);
                running.put(s.name(), new Running(loop, thread, s.updatedAt(),
                        connectionAt == null ? Instant.MIN : connectionAt));
            }
        }
    }

    /**
     * The wanted sources this node runs: every shared one, and the single-consumer ones whose lease it holds (taken
     * or renewed here). Leases of sources no longer wanted are given up.
     */
    private Set<String> leased(Map<String, StoredSource> wanted) {
        Instant now = clock.instant();
        Set<String> mine = new HashSet<>();
        for (StoredSource s : wanted.values()) {
            if (!SourceSpec.parse(s.spec()).singleConsumer()) {
                mine.add(s.name());
            } else if (store.holdSource(s.name(), owner, now, now.plus(lease))) {
                mine.add(s.name());
                held.add(s.name());
            } else {
                held.remove(s.name());
            }
        }
        for (var it = held.iterator(); it.hasNext(); ) {
            String name = it.next();
            if (!wanted.containsKey(name)) {
                store.releaseSource(name, owner);
                it.remove();
            }
        }
        return mine;
    }

    private Connection connection(String name) {
        Optional<Connection> c = connections.open(name);
        return c.orElseThrow(() -> new IllegalStateException("connection '" + name + "' does not exist"));
    }

    /** Stops every loop (their sessions close; unacknowledged messages stay with the brokers). */
    @Override
    public void close() {
        closed = true;
        sync.shutdownNow();
        List<Running> all;
        synchronized (running) {
            all = List.copyOf(running.values());
            running.clear();
        }
        all.forEach(r -> r.loop().stop());
        all.forEach(r -> join(r.thread()));
        // Stopped: another node may take the single-consumer sources over at once instead of after the lease.
        List<String> leases;
        synchronized (running) {
            leases = List.copyOf(held);
            held.clear();
        }
        for (String name : leases) {
            try {
                store.releaseSource(name, owner);
            } catch (RuntimeException e) {
                LOG.warn("Event source {}: cannot give up its lease ({}); it expires by itself", name, Reasons.of(e));
            }
        }
    }

    /** A loop notices a stop within its fetch wait (or a connect timeout); bounded so a stuck one cannot hang us. */
    private static void join(Thread t) {
        try {
            t.join(Duration.ofSeconds(6));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
