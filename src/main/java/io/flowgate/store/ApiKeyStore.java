package io.flowgate.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** API keys, stored as a SHA-256 hash of the key; {@code prefix} is the key's first characters for listing. */
public interface ApiKeyStore {
    record StoredKey(String id, String name, String prefix, byte[] hash, String role, List<String> teams,
                     Instant createdAt, Instant revokedAt) {
        public StoredKey {
            teams = List.copyOf(teams);
        }
    }

    void insert(StoredKey key);

    /** Looks a live (not revoked) key up by its hash. */
    Optional<StoredKey> findByHash(byte[] hash);

    List<StoredKey> list();

    boolean revoke(String id, Instant at);

    long count();
}
