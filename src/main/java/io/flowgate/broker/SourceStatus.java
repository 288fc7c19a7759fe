package io.flowgate.broker;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** A source's live state on this node, written by its loop and read by the API. */
public final class SourceStatus {
    private volatile SourceState state = SourceState.CONNECTING;
    private volatile String lastError;
    private volatile Instant lastMessageAt;
    private volatile long pending = -1;
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong acks = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    /** A copy for the API; {@code pending} is -1 when the broker does not say. */
    public record View(SourceState state, String lastError, Instant lastMessageAt, long pending, long messages,
                       long acks, long errors) {}

    public View view() {
        return new View(state, lastError, lastMessageAt, pending, messages.get(), acks.get(), errors.get());
    }

    void state(SourceState s) {
        state = s;
    }

    void connected() {
        state = SourceState.CONNECTED;
    }

    void failed(String reason) {
        state = SourceState.ERROR;
        lastError = reason;
        errors.incrementAndGet();
    }

    void received(int count, Instant at) {
        messages.addAndGet(count);
        lastMessageAt = at;
    }

    void acked(int count) {
        acks.addAndGet(count);
    }

    void pending(long count) {
        pending = count;
    }
}
