package io.flowgate.auth;

import io.flowgate.store.ApiKeyStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A test fake of the API key store; counts lookups so tests can see the cache at work. */
public final class InMemoryApiKeyStore implements ApiKeyStore {
    private final List<StoredKey> keys = new ArrayList<>();
    private int lookups;

    @Override
    public synchronized void insert(StoredKey key) {
        keys.add(key);
    }

    @Override
    public synchronized Optional<StoredKey> findByHash(byte[] hash) {
        lookups++;
        return keys.stream().filter(k -> k.revokedAt() == null && Arrays.equals(k.hash(), hash)).findFirst();
    }

    @Override
    public synchronized List<StoredKey> list() {
        return List.copyOf(keys);
    }

    @Override
    public synchronized boolean revoke(String id, Instant at) {
        for (int i = 0; i < keys.size(); i++) {
            StoredKey k = keys.get(i);
            if (k.id().equals(id) && k.revokedAt() == null) {
                keys.set(i, new StoredKey(k.id(), k.name(), k.prefix(), k.hash(), k.role(), k.teams(), k.createdAt(), at));
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized long count() {
        return keys.size();
    }

    public synchronized int lookups() {
        return lookups;
    }
}
