package io.flowgate.secrets;

import io.flowgate.store.SecretStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A test fake of the secret store: ciphertexts in a map, ordered by name. */
public final class InMemorySecretStore implements SecretStore {
    private final Map<String, StoredSecret> secrets = new TreeMap<>();
    private String fingerprint;
    private final Clock clock;

    public InMemorySecretStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized boolean put(String name, byte[] ciphertext) {
        Instant now = clock.instant();
        StoredSecret old = secrets.get(name);
        secrets.put(name, new StoredSecret(name, ciphertext.clone(), old == null ? now : old.createdAt(), now));
        return old == null;
    }

    @Override
    public synchronized String keyFingerprint(String candidate) {
        if (fingerprint == null) {
            fingerprint = candidate;
        }
        return fingerprint;
    }

    @Override
    public synchronized Optional<StoredSecret> get(String name) {
        return Optional.ofNullable(secrets.get(name));
    }

    @Override
    public synchronized List<StoredSecret> list() {
        return List.copyOf(secrets.values());
    }

    @Override
    public synchronized boolean delete(String name) {
        return secrets.remove(name) != null;
    }

    /** Lets a test alter a stored ciphertext, as an attacker with database access could. */
    public synchronized void overwrite(String name, byte[] ciphertext) {
        StoredSecret old = secrets.get(name);
        secrets.put(name, new StoredSecret(name, ciphertext, old.createdAt(), old.updatedAt()));
    }
}
