package io.flowgate.trigger.webhook;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-token token buckets, in memory on each node (a limit protects this node's intake; it is not a
 * cluster-wide quota). {@link #tryAcquire} answers 0 when allowed, else the seconds to wait.
 */
final class RateLimiter {
    private static final int MAX_BUCKETS = 100_000;

    private final Clock clock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(Clock clock) {
        this.clock = clock;
    }

    private static final class Bucket {
        double tokens;
        long lastNanosLike;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.lastNanosLike = at;
        }
    }

    long tryAcquire(String key, WebhookTrigger.RateLimit limit) {
        long now = clock.millis();
        if (buckets.size() > MAX_BUCKETS) {
            buckets.clear();
        }
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(limit.burst(), now));
        synchronized (b) {
            double refill = (now - b.lastNanosLike) / 1000.0 * limit.perSecond();
            b.tokens = Math.min(limit.burst(), b.tokens + Math.max(0, refill));
            b.lastNanosLike = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - b.tokens) / limit.perSecond()));
        }
    }
}
