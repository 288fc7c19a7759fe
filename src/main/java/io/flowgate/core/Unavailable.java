package io.flowgate.core;

/**
 * A failure that says "not now" rather than "never": the node cannot write at the moment (database down or
 * restarting, a connection cut, a lock or serialization conflict that outlived its retries, a full disk).
 * Implemented by the store's exception so that the HTTP edge can answer {@code 503} with {@code Retry-After}
 * (SPEC section 7) without knowing about JDBC.
 */
public interface Unavailable {
    /** True when retrying later may well succeed and nothing of the failed work was kept. */
    boolean unavailable();

    /** Seconds a client should wait before retrying, for {@code Retry-After}. */
    static int retryAfterSeconds() {
        return 1;
    }
}
