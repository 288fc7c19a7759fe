package io.flowgate.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Named secrets, stored as ciphertext only; encryption happens before the store sees them. */
public interface SecretStore {
    record StoredSecret(String name, byte[] ciphertext, Instant createdAt, Instant updatedAt) {}

    /** Inserts or replaces; returns true when the name is new. */
    boolean put(String name, byte[] ciphertext);

    Optional<StoredSecret> get(String name);

    List<StoredSecret> list();

    boolean delete(String name);

    /**
     * The fingerprint of the master key this database's secrets are encrypted under: the one recorded, or
     * {@code candidate}, recorded now, when there is none yet (one commit, so two nodes starting at once agree).
     */
    String keyFingerprint(String candidate);
}
