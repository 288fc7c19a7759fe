package io.flowgate.trigger.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Capture sessions (docs/triggers.md#idempotency-request-log-capture): an editor waits for the next request
 * on a workflow's hook; that request is answered {@code {"captured": true}}, starts nothing, and its data
 * pills come back to the editor. Sessions live on the node that holds the waiting call; the request must
 * reach it.
 */
final class Captures {
    public static final Duration MAX = Duration.ofMinutes(3);

    private final ConcurrentHashMap<String, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();

    /** Blocks up to {@code timeout} (at most 3 minutes) for the next request's trigger data. */
    Optional<JsonNode> await(String workflowKey, Duration timeout) throws InterruptedException {
        CompletableFuture<JsonNode> session = new CompletableFuture<>();
        CompletableFuture<JsonNode> previous = waiting.put(workflowKey, session);
        if (previous != null) {
            previous.cancel(false); // a newer capture replaces an older one
        }
        try {
            Duration bounded = timeout.compareTo(MAX) > 0 ? MAX : timeout;
            return Optional.of(session.get(bounded.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException | java.util.concurrent.CancellationException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        } finally {
            waiting.remove(workflowKey, session);
        }
    }

    /** True when a session was waiting and took this request. */
    boolean offer(String workflowKey, JsonNode trigger) {
        if (waiting.isEmpty()) {
            return false;
        }
        CompletableFuture<JsonNode> session = waiting.remove(workflowKey);
        return session != null && session.complete(trigger);
    }
}
