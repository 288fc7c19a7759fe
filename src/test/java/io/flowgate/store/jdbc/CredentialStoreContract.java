package io.flowgate.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.store.ApiKeyStore.StoredKey;
import io.flowgate.store.SecretStore.StoredSecret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link io.flowgate.store.SecretStore} and {@link io.flowgate.store.ApiKeyStore}. */
abstract class CredentialStoreContract extends DatabaseContract {
    JdbcSecretStore secrets;
    JdbcApiKeyStore keys;

    @BeforeEach
    void createStores() {
        secrets = new JdbcSecretStore(db, clock);
        keys = new JdbcApiKeyStore(db);
    }

    @Test
    void secrets_are_put_replaced_listed_and_deleted() {
        byte[] v1 = {0, 1, 2, (byte) 0xff, 0};
        byte[] v2 = "second".getBytes(StandardCharsets.UTF_8);

        assertThat(secrets.put("stripe", v1)).isTrue();
        clock.advance(Duration.ofMinutes(1));
        assertThat(secrets.put("stripe", v2)).isFalse();
        assertThat(secrets.put("github", v1)).isTrue();

        StoredSecret stripe = secrets.get("stripe").orElseThrow();
        assertThat(stripe.ciphertext()).isEqualTo(v2);
        assertThat(stripe.createdAt()).isEqualTo(T0);
        assertThat(stripe.updatedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(secrets.get("github").orElseThrow().ciphertext()).isEqualTo(v1);
        assertThat(secrets.list()).extracting(StoredSecret::name).containsExactly("github", "stripe");
        assertThat(secrets.delete("stripe")).isTrue();
        assertThat(secrets.delete("stripe")).isFalse();
        assertThat(secrets.get("stripe")).isEmpty();
    }

    @Test
    void api_keys_are_found_by_hash_until_revoked() {
        StoredKey admin = new StoredKey("k1", "admin", "fg_abc", sha256("fg_abcdef"), "admin", List.of(), T0, null);
        StoredKey dev = new StoredKey("k2", "ci", "fg_xyz", sha256("fg_xyz123"), "operator", List.of("ops", "web"),
                T0.plusMillis(5), null);
        assertThat(keys.count()).isZero();
        keys.insert(admin);
        keys.insert(dev);

        StoredKey found = keys.findByHash(sha256("fg_xyz123")).orElseThrow();
        assertThat(found.id()).isEqualTo("k2");
        assertThat(found.teams()).containsExactly("ops", "web");
        assertThat(found.hash()).isEqualTo(dev.hash());
        assertThat(found.createdAt()).isEqualTo(T0.plusMillis(5));
        assertThat(keys.findByHash(sha256("unknown"))).isEmpty();

        assertThat(keys.revoke("k2", T0.plusSeconds(1))).isTrue();
        assertThat(keys.revoke("k2", T0.plusSeconds(2))).isFalse();
        assertThat(keys.revoke("missing", T0)).isFalse();

        assertThat(keys.findByHash(sha256("fg_xyz123"))).isEmpty();
        assertThat(keys.list()).extracting(StoredKey::id).containsExactly("k1", "k2");
        assertThat(keys.list().get(1).revokedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(keys.count()).isEqualTo(2);
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
