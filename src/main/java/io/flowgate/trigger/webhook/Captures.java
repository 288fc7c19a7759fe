package io.flowgate.trigger.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Ids;
import io.flowgate.store.ClusterSignals;
import io.flowgate.store.Signal;
import io.flowgate.store.WebhookStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Capture sessions (docs/triggers.md#idempotency-request-log-capture): an editor waits for the next request
 * on a workflow's hook; that request is answered {@code {"captured": true}}, starts nothing, and its data
 * pills come back to the editor — whichever node of a cluster the request lands on.
 *
 * <p>A session is a row (one per workflow) so that any node can take it, and a waiting call on the node
 * that opened it. Each node keeps the set of workflow keys with an open session (loaded at start, kept by
 * other nodes' signals), so a webhook request costs no read unless its workflow is being captured. The
 * node that takes the request writes its data into the row in one guarded update (one winner) and signals
 * the session's node, which reads the data back.
 */
final class Captures implements ClusterSignals.Listener {
    public static final Duration MAX = Duration.ofMinutes(3);
    private static final Logger LOG = LoggerFactory.getLogger(Captures.class);

    private record Session(String id, String key, CompletableFuture<JsonNode> done) {}

    private final WebhookStore store;
    private final Clock clock;
    /** Sessions waiting on this node, by workflow key. */
    private final Map<String, Session> waiting = new ConcurrentHashMap<>();
    /**
     * Workflow keys with a session open on any node (this one's included), and when it expires: a session
     * whose node died without closing it stops costing a write per request once it expires.
     */
    private final Map<String, Instant> open = new ConcurrentHashMap<>();

    Captures(WebhookStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Loads the open sessions and follows other nodes' changes to them. */
    AutoCloseable listen(ClusterSignals signals) {
        AutoCloseable subscription = signals.subscribe(EnumSet.of(Signal.Kind.CAPTURE, Signal.Kind.CAPTURED), this);
        reload();
        return subscription;
    }

    /** Blocks up to {@code timeout} (at most 3 minutes) for the next request's trigger data. */
    Optional<JsonNode> await(String workflowKey, Duration timeout) throws InterruptedException {
        Duration bounded = timeout.compareTo(MAX) > 0 ? MAX : timeout;
        Session session = new Session(Ids.random(12), workflowKey, new CompletableFuture<>());
        Session previous = waiting.put(workflowKey, session);
        if (previous != null) {
            previous.done().cancel(false); // a newer capture replaces an older one
        }
        Instant expires = clock.instant().plus(bounded);
        open.put(workflowKey, expires);
        try {
            store.openCapture(workflowKey, session.id(), expires);
            return Optional.of(session.done().get(bounded.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException | java.util.concurrent.CancellationException | ExecutionException e) {
            return Optional.empty();
        } finally {
            if (waiting.remove(workflowKey, session)) {
                open.remove(workflowKey);
            }
            try {
                store.closeCapture(workflowKey, session.id());
            } catch (RuntimeException e) {
                LOG.warn("Could not close capture session of {}; it expires by itself", workflowKey, e);
            }
        }
    }

    /** True when a session (on any node) was waiting and took this request. */
    boolean offer(String workflowKey, JsonNode trigger) {
        if (open.isEmpty()) {
            return false;
        }
        Instant expires = open.get(workflowKey);
        Instant now = clock.instant();
        if (expires == null || !expires.isAfter(now)) {
            if (expires != null && !waiting.containsKey(workflowKey)) {
                open.remove(workflowKey, expires);
            }
            return false;
        }
        Optional<String> taken = store.takeCapture(workflowKey, trigger, now);
        if (taken.isEmpty()) {
            return false;
        }
        Session local = waiting.get(workflowKey);
        if (local != null && local.id().equals(taken.get())) {
            local.done().complete(trigger); // ours: no need to read it back
        }
        return true;
    }

    @Override
    public void signal(Signal signal) {
        String subject = signal.subject();
        if (signal.kind() == Signal.Kind.CAPTURED) {
            waiting.values().stream().filter(s -> s.id().equals(subject)).findFirst()
                    .ifPresent(s -> Thread.ofVirtual().start(() -> collect(s)));
            return;
        }
        if (subject.isEmpty()) {
            return;
        }
        if (subject.charAt(0) == '+') {
            // "+<expiry millis> <key>" (a session of ours for this key was replaced: it waits out its timeout)
            int space = subject.indexOf(' ');
            open.put(subject.substring(space + 1), Instant.ofEpochMilli(Long.parseLong(subject.substring(1, space))));
        } else if (!waiting.containsKey(subject.substring(1))) {
            open.remove(subject.substring(1));
        }
    }

    @Override
    public void missed() {
        Thread.ofVirtual().start(() -> {
            reload();
            waiting.values().forEach(this::collect);
        });
    }

    private void collect(Session s) {
        try {
            store.captured(s.id()).ifPresent(s.done()::complete);
        } catch (RuntimeException e) {
            LOG.warn("Could not read the request captured for {}", s.key(), e);
        }
    }

    private void reload() {
        try {
            Map<String, Instant> now = store.openCaptures(clock.instant());
            open.putAll(now);
            open.keySet().removeIf(k -> !now.containsKey(k) && !waiting.containsKey(k));
        } catch (RuntimeException e) {
            LOG.warn("Could not load the open capture sessions", e);
        }
    }
}
