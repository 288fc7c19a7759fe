package io.flowgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Cache;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CachesTest {
    final SettableClock clock = new SettableClock(Instant.parse("2026-11-26T10:00:00Z"));

    @Test
    void an_expiring_entry_lives_exactly_its_ttl_on_the_injected_clock() {
        Cache<String, String> cache = Caches.expiring(10, Duration.ofSeconds(5), clock);
        cache.put("k", "v");
        clock.advance(Duration.ofMillis(4_999));
        assertThat(cache.getIfPresent("k")).isEqualTo("v");
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.getIfPresent("k")).isNull();
    }

    @Test
    void a_rewritten_entry_lives_its_ttl_again_from_the_rewrite() {
        Cache<String, String> cache = Caches.expiring(10, Duration.ofSeconds(5), clock);
        cache.put("k", "old");
        clock.advance(Duration.ofSeconds(4));
        cache.put("k", "new");
        clock.advance(Duration.ofSeconds(4));
        assertThat(cache.getIfPresent("k")).isEqualTo("new");
    }

    @Test
    void the_ticker_follows_the_clock_in_nanoseconds() {
        long before = Caches.ticker(clock).read();
        clock.advance(Duration.ofMillis(1_500));
        assertThat(Caches.ticker(clock).read() - before).isEqualTo(1_500_000_000L);
    }

    @Test
    void a_full_cache_evicts_down_to_its_bound_and_keeps_the_rest() {
        Cache<Integer, Integer> cache = Caches.bounded(100);
        for (int i = 0; i < 1_000; i++) {
            cache.put(i, i);
        }
        cache.cleanUp(); // eviction runs as maintenance; do it now rather than wait for it
        assertThat(cache.estimatedSize()).isEqualTo(100);
    }
}
