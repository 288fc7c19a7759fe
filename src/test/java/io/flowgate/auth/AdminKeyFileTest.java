package io.flowgate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.core.SettableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminKeyFileTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @TempDir
    Path dir;

    @Test
    void first_start_creates_an_admin_key_file_readable_by_its_owner_only() throws Exception {
        ApiKeys keys = new ApiKeys(new InMemoryApiKeyStore(), clock);
        Path file = dir.resolve("data/admin.key");
        assertThat(keys.ensureAdminKey(file)).isTrue();
        String key = Files.readString(file).trim();
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        Principal p = keys.authenticate(key).orElseThrow();
        assertThat(p.role()).isEqualTo(Role.ADMIN);
        assertThat(p.allTeams()).isTrue();
    }

    @Test
    void a_later_start_changes_nothing() throws Exception {
        InMemoryApiKeyStore store = new InMemoryApiKeyStore();
        Path file = dir.resolve("admin.key");
        new ApiKeys(store, clock).ensureAdminKey(file);
        String before = Files.readString(file);
        assertThat(new ApiKeys(store, clock).ensureAdminKey(file)).isFalse();
        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void an_existing_file_is_registered_when_the_store_is_empty() throws Exception {
        Path file = dir.resolve("admin.key");
        new ApiKeys(new InMemoryApiKeyStore(), clock).ensureAdminKey(file);
        String key = Files.readString(file).trim();

        ApiKeys wiped = new ApiKeys(new InMemoryApiKeyStore(), clock);
        assertThat(wiped.ensureAdminKey(file)).isTrue();
        assertThat(Files.readString(file).trim()).isEqualTo(key);
        assertThat(wiped.authenticate(key).orElseThrow().role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void keys_in_the_store_and_no_file_leaves_both_alone() {
        ApiKeys keys = new ApiKeys(new InMemoryApiKeyStore(), clock);
        keys.create("someone", Role.ADMIN, List.of());
        Path file = dir.resolve("admin.key");
        assertThat(keys.ensureAdminKey(file)).isFalse();
        assertThat(file).doesNotExist();
    }
}
