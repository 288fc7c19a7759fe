package io.flowgate.trigger.webhook;

import com.github.benmanes.caffeine.cache.Cache;
import io.flowgate.core.CacheSettings;
import io.flowgate.core.Caches;
import java.time.Clock;
import java.util.function.IntSupplier;

/**
 * Per-token token buckets, in memory on each node. {@link #tryAcquire} answers 0 when allowed, else the
 * seconds to wait. The buckets are bounded; an evicted bucket comes back full, as an idle one would have
 * refilled.
 *
 * <p>In a cluster a limit holds for all nodes together without any shared counter: each node allows its
 * share, {@code perSecond / n} with a burst of {@code ceil(burst / n)}, where {@code n} is the number of
 * live nodes. With requests spread evenly the cluster admits the limit; the tolerance (docs/triggers.md) is
 * a burst up to {@code n - 1} over, and a client pinned to one node gets only that node's share.
 */
final class RateLimiter {
    private final Clock clock;
    private final Cache<String, Bucket> buckets = Caches.bounded(CacheSettings.DEFAULT_RATE_LIMIT_BUCKETS);
    private volatile IntSupplier liveNodes = () -> 1;

    RateLimiter(Clock clock) {
        this.clock = clock;
    }

    /** Shares every limit with the other live nodes (membership supplies the count; at least 1 is used). */
    void shareWith(IntSupplier nodes) {
        this.liveNodes = nodes;
    }

    private static final class Bucket {
        double tokens;
        long refilledAtMillis;

        Bucket(double tokens, long atMillis) {
            this.tokens = tokens;
            this.refilledAtMillis = atMillis;
        }
    }

    long tryAcquire(String key, WebhookTrigger.RateLimit limit) {
        int n = Math.max(1, liveNodes.getAsInt());
        double perSecond = limit.perSecond() / n;
        int burst = Math.max(1, (limit.burst() + n - 1) / n);
        long nowMillis = clock.millis();
        Bucket b = buckets.get(key, k -> new Bucket(burst, nowMillis));
        synchronized (b) {
            double refill = (nowMillis - b.refilledAtMillis) / 1000.0 * perSecond;
            b.tokens = Math.min(burst, b.tokens + Math.max(0, refill));
            b.refilledAtMillis = nowMillis;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - b.tokens) / perSecond));
        }
    }
}
