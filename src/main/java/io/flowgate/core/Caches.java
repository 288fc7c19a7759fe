package io.flowgate.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The two kinds of cache Flowgate uses, built one way (sizes and lifetimes: {@link CacheSettings}). */
public final class Caches {
    private Caches() {}

    /** At most {@code maximumSize} entries; for values that never go stale (immutable revisions, parses). */
    public static <K, V> Cache<K, V> bounded(long maximumSize) {
        return Caffeine.newBuilder().maximumSize(maximumSize).build();
    }

    /**
     * At most {@code maximumSize} entries, each dropped {@code ttl} after it was written, as measured by
     * {@code clock} — so a test's settable clock, not the wall clock, decides when an entry expires.
     */
    public static <K, V> Cache<K, V> expiring(long maximumSize, Duration ttl, Clock clock) {
        return Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(ttl).ticker(ticker(clock)).build();
    }

    /** Caffeine measures time in nanoseconds from any origin; the epoch is one. */
    static Ticker ticker(Clock clock) {
        return () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }
}
