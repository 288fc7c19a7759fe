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
}
