package io.flowgate.trigger.webhook;

import com.github.benmanes.caffeine.cache.Cache;
import io.flowgate.core.CacheSettings;
import io.flowgate.core.Caches;
import java.time.Clock;

/**
 * Per-token token buckets, in memory on each node (a limit protects this node's intake; it is not a
 * cluster-wide quota). {@link #tryAcquire} answers 0 when allowed, else the seconds to wait. The
 * buckets are bounded; an evicted bucket comes back full, as an idle one would have refilled.
 */
final class RateLimiter {
    private final Clock clock;
    private final Cache<String, Bucket> buckets = Caches.bounded(CacheSettings.DEFAULT_RATE_LIMIT_BUCKETS);

    RateLimiter(Clock clock) {
        this.clock = clock;
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
        long nowMillis = clock.millis();
        Bucket b = buckets.get(key, k -> new Bucket(limit.burst(), nowMillis));
        synchronized (b) {
            double refill = (nowMillis - b.refilledAtMillis) / 1000.0 * limit.perSecond();
            b.tokens = Math.min(limit.burst(), b.tokens + Math.max(0, refill));
            b.refilledAtMillis = nowMillis;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - b.tokens) / limit.perSecond()));
        }
    }
}
