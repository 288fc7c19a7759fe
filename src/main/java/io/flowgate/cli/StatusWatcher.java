package io.flowgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Follows one execution to its end: live from its Server-Sent Events stream, and by polling its
 * status every {@link #POLL_INTERVAL} when the stream cannot be opened or breaks off early.
 */
final class StatusWatcher {
    static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    private final ApiClient api;
    private final LiveStatus view;
    private final Duration pollInterval;

    StatusWatcher(ApiClient api, LiveStatus view) {
        this(api, view, POLL_INTERVAL);
    }

    StatusWatcher(ApiClient api, LiveStatus view, Duration pollInterval) {
        this.api = api;
        this.view = view;
        this.pollInterval = pollInterval;
    }

    /** Shows every change and returns the final status document. */
    JsonNode follow(String executionId) {
        String base = "/api/v1/executions/" + ApiClient.segment(executionId);
        AtomicReference<JsonNode> last = new AtomicReference<>();
        try {
            api.stream(base + "/stream", doc -> {
                last.set(doc);
                view.show(doc);
            });
        } catch (ApiClient.StreamBroken e) {
            // fall through to polling from wherever the stream got to
        } catch (CliFailure e) {
            // A refused key or an unknown id will not get better by polling; anything else might.
            if (e.httpStatus() == 0 || e.httpStatus() == 401 || e.httpStatus() == 403 || e.httpStatus() == 404) {
                throw e;
            }
        }
        JsonNode doc = last.get();
        while (doc == null || !StatusView.ended(doc)) {
            if (doc != null) {
                pause();
            }
            JsonNode next = api.get(base);
            if (doc == null || !next.equals(doc)) {
                view.show(next);
            }
            doc = next;
        }
        return doc;
    }

    private void pause() {
        try {
            Thread.sleep(pollInterval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.of("interrupted while following the execution");
        }
    }
}
