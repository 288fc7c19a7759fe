package io.flowgate.expr;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A small least-recently-used cache. Synchronized: lookups are far cheaper than what is cached
 * (parsing), so one lock is simpler than anything cleverer and never the bottleneck.
 */
final class BoundedCache<K, V> {
    private final Map<K, V> entries;

    BoundedCache(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The cached value, or {@code create}'s (computed outside the lock, so a slow parse blocks nobody). */
    V get(K key, Function<K, V> create) {
        synchronized (entries) {
            V cached = entries.get(key);
            if (cached != null) {
                return cached;
            }
        }
        V created = create.apply(key);
        synchronized (entries) {
            V raced = entries.putIfAbsent(key, created);
            return raced != null ? raced : created;
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
