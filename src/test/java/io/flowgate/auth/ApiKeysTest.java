package io.flowgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowgate.core.BadRequestException;
import io.flowgate.core.ConflictException;
import io.flowgate.core.NotFoundException;
import io.flowgate.core.SettableClock;
import io.flowgate.store.ApiKeyStore.StoredKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemoryApiKeyStore store = new InMemoryApiKeyStore();
    private final ApiKeys keys = new ApiKeys(store, clock, Duration.ofSeconds(5));

    @Test
    void a_created_key_has_the_fgk_form_and_only_its_hash_and_prefix_are_stored() throws Exception {
        ApiKeys.CreatedKey created = keys.create("ci", Role.OPERATOR, List.of("red"));
        assertThat(created.key()).startsWith("fgk_").hasSize(4 + 43);
        StoredKey stored = store.list().getFirst();
        assertThat(stored.prefix()).hasSize(12).isEqualTo(created.key().substring(0, 12));
        assertThat(stored.hash()).isEqualTo(MessageDigest.getInstance("SHA-256")
                .digest(created.key().getBytes(StandardCharsets.UTF_8)));
        assertThat(stored.role()).isEqualTo("operator");
        assertThat(stored.teams()).containsExactly("red");
        assertThat(stored.createdAt()).isEqualTo(clock.instant());
        assertThat(keys.create("other", Role.VIEWER, List.of()).key()).isNotEqualTo(created.key());
    }

    @Test
    void authenticates_a_live_key_and_nothing_else() {
        ApiKeys.CreatedKey created = keys.create("ci", Role.EDITOR, List.of());
        Principal p = keys.authenticate(created.key()).orElseThrow();
        assertThat(p.keyId()).isEqualTo(created.stored().id());
        assertThat(p.name()).isEqualTo("ci");
        assertThat(p.role()).isEqualTo(Role.EDITOR);
        assertThat(keys.authenticate(created.key() + "x")).isEmpty();
        assertThat(keys.authenticate("fgk_wrong")).isEmpty();
        assertThat(keys.authenticate("no-prefix")).isEmpty();
        assertThat(keys.authenticate(null)).isEmpty();
    }

    @Test
    void a_revoked_key_stops_authenticating_at_once_on_this_node() {
        keys.create("admin", Role.ADMIN, List.of());
        ApiKeys.CreatedKey created = keys.create("ci", Role.VIEWER, List.of());
        assertThat(keys.authenticate(created.key())).isPresent();
        keys.revoke(created.stored().id());
        assertThat(keys.authenticate(created.key())).isEmpty();
        assertThat(store.list().stream().filter(k -> k.name().equals("ci")).findFirst().orElseThrow().revokedAt())
                .isEqualTo(clock.instant());
    }

    @Test
    void successful_authentications_are_cached_for_the_ttl() {
        ApiKeys.CreatedKey created = keys.create("ci", Role.VIEWER, List.of());
        keys.authenticate(created.key());
        keys.authenticate(created.key());
        assertThat(store.lookups()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(5));
        keys.authenticate(created.key());
        assertThat(store.lookups()).isEqualTo(2);
    }

    @Test
    void a_revocation_by_another_node_takes_effect_within_the_cache_window() {
        ApiKeys otherNode = new ApiKeys(store, clock, Duration.ofSeconds(5));
        keys.create("admin", Role.ADMIN, List.of());
        ApiKeys.CreatedKey created = keys.create("ci", Role.VIEWER, List.of());
        assertThat(keys.authenticate(created.key())).isPresent();
        otherNode.revoke(created.stored().id());
        clock.advance(Duration.ofSeconds(5));
        assertThat(keys.authenticate(created.key())).isEmpty();
    }

    @Test
    void the_last_admin_key_cannot_be_revoked() {
        ApiKeys.CreatedKey admin = keys.create("admin", Role.ADMIN, List.of());
        assertThatThrownBy(() -> keys.revoke(admin.stored().id())).isInstanceOf(ConflictException.class);
        ApiKeys.CreatedKey second = keys.create("admin2", Role.ADMIN, List.of());
        keys.revoke(admin.stored().id());
        assertThat(keys.authenticate(second.key())).isPresent();
        assertThatThrownBy(() -> keys.revoke("nope")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void a_key_needs_a_name() {
        assertThatThrownBy(() -> keys.create(" ", Role.VIEWER, List.of())).isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> keys.create("x", Role.VIEWER, List.of(""))).isInstanceOf(BadRequestException.class);
    }
}
