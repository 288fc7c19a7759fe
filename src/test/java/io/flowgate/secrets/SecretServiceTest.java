package io.flowgate.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowgate.core.BadRequestException;
import io.flowgate.core.NotFoundException;
import io.flowgate.core.SettableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SecretServiceTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemorySecretStore store = new InMemorySecretStore(clock);
    private final SecretCipher cipher = new SecretCipher(new byte[32]);
    private final SecretService secrets = new SecretService(store, cipher, clock, Duration.ofSeconds(10));

    @Test
    void the_first_key_is_recorded_and_a_node_with_another_key_is_refused() {
        SecretCipher mine = new SecretCipher(new byte[32]);
        byte[] other = new byte[32];
        other[0] = 1;
        SecretService.checkKey(store, mine, "first");
        SecretService.checkKey(store, new SecretCipher(new byte[32]), "same key again");
        assertThatThrownBy(() -> SecretService.checkKey(store, new SecretCipher(other), "/data/master.key"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/data/master.key").hasMessageContaining("same key")
                .hasMessageContaining("FLOWGATE_MASTER_KEY");
        assertThat(mine.fingerprint()).as("names the key, does not show it").doesNotContain("AAAA");
    }

    @Test
    void stores_only_ciphertext_and_reads_values_back() {
        SecretService.Saved saved = secrets.set("SHOP_PW", "hunter2");
        assertThat(saved.created()).isTrue();
        assertThat(saved.createdAt()).isEqualTo(clock.instant());
        assertThat(new String(store.get("SHOP_PW").orElseThrow().ciphertext(), StandardCharsets.ISO_8859_1))
                .doesNotContain("hunter2");
        assertThat(secrets.all()).containsEntry("SHOP_PW", "hunter2");
        assertThat(secrets.values()).containsExactly("hunter2");
    }

    @Test
    void replacing_keeps_the_creation_time_and_refreshes_the_cache() {
        secrets.set("A", "one");
        assertThat(secrets.all()).containsEntry("A", "one");
        clock.advance(Duration.ofSeconds(1));
        SecretService.Saved replaced = secrets.set("A", "two");
        assertThat(replaced.created()).isFalse();
        assertThat(replaced.createdAt()).isEqualTo(clock.instant().minusSeconds(1));
        assertThat(secrets.all()).containsEntry("A", "two");
        assertThat(secrets.list().getFirst().updatedAt()).isEqualTo(clock.instant());
    }

    @Test
    void changes_by_another_node_are_seen_after_the_cache_window() {
        secrets.set("A", "one");
        assertThat(secrets.all()).containsEntry("A", "one");
        new SecretService(store, cipher, clock).set("A", "two");
        assertThat(secrets.all()).containsEntry("A", "one");
        clock.advance(Duration.ofSeconds(10));
        assertThat(secrets.all()).containsEntry("A", "two");
    }

    @Test
    void names_must_be_upper_case_identifiers() {
        for (String bad : new String[] {"lower", "1ABC", "A-B", "", "A".repeat(65)}) {
            assertThatThrownBy(() -> secrets.set(bad, "v")).isInstanceOf(BadRequestException.class);
        }
        secrets.set("A", "v");
        secrets.set("A_1_B", "v");
        secrets.set("A".repeat(64), "v");
        assertThat(secrets.list()).hasSize(3);
    }

    @Test
    void values_are_at_most_64_kib() {
        secrets.set("BIG", "x".repeat(64 * 1024));
        assertThatThrownBy(() -> secrets.set("BIG", "x".repeat(64 * 1024 + 1))).isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> secrets.set("NULL", null)).isInstanceOf(BadRequestException.class);
    }

    @Test
    void deleting_removes_the_value_and_an_unknown_name_is_not_found() {
        secrets.set("A", "v");
        assertThat(secrets.all()).containsKey("A");
        secrets.delete("A");
        assertThat(secrets.all()).isEmpty();
        assertThatThrownBy(() -> secrets.delete("A")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void a_tampered_value_fails_loudly_instead_of_reading_as_something_else() {
        secrets.set("A", "topsecret");
        byte[] c = store.get("A").orElseThrow().ciphertext().clone();
        c[c.length - 1] ^= 1;
        store.overwrite("A", c);
        clock.advance(Duration.ofSeconds(10));
        assertThatThrownBy(secrets::all).isInstanceOf(SecretDecryptionException.class)
                .hasMessageContaining("'A'").hasMessageNotContaining("topsecret");
    }
}
