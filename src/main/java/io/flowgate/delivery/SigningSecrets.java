package io.flowgate.delivery;

import io.flowgate.core.Ids;
import io.flowgate.secrets.SecretCipher;
import io.flowgate.store.SigningSecretStore;
import io.flowgate.store.SigningSecretStore.StoredSecret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-workflow secrets that sign outbound webhooks, encrypted at rest. Every live secret signs
 * every message, so a receiver can switch to a new secret before the old one is revoked. A
 * workflow that never created one gets one on its first message: every message is signed.
 */
public final class SigningSecrets {
    /** How long the decrypted secrets of a workflow are reused before the store is read again. */
    public static final Duration CACHE_TTL = Duration.ofSeconds(5);

    public record Created(String id, String secret, Instant createdAt) {}

    public record Info(String id, Instant createdAt) {}

    private record Cached(List<String> secrets, Instant until) {}

    private final SigningSecretStore store;
    private final SecretCipher cipher;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public SigningSecrets(SigningSecretStore store, SecretCipher cipher, Clock clock) {
        this.store = store;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** A new live secret; the only time its value is returned. */
    public Created create(String team, String workflowId) {
        String id = "ss_" + Ids.random(9);
        String secret = Signer.newSecret();
        Instant now = clock.instant();
        store.insert(new StoredSecret(id, team, workflowId, cipher.encrypt(aad(id), secret), now));
        cache.remove(key(team, workflowId));
        return new Created(id, secret, now);
    }

    public List<Info> list(String team, String workflowId) {
        return store.live(team, workflowId).stream().map(s -> new Info(s.id(), s.createdAt())).toList();
    }

    public boolean revoke(String team, String workflowId, String id) {
        boolean revoked = store.revoke(team, workflowId, id, clock.instant());
        cache.remove(key(team, workflowId));
        return revoked;
    }

    /** The live secrets ({@code whsec_…}) that sign this workflow's messages; never empty. */
    public List<String> signingSecrets(String team, String workflowId) {
        Cached cached = cache.get(key(team, workflowId));
        if (cached != null && clock.instant().isBefore(cached.until())) {
            return cached.secrets();
        }
        return reload(team, workflowId);
    }

    /**
     * One thread at a time: the first messages of a workflow arrive together, and each must not
     * create its own secret (every live secret signs every message).
     */
    private synchronized List<String> reload(String team, String workflowId) {
        String key = key(team, workflowId);
        Instant now = clock.instant();
        Cached cached = cache.get(key);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.secrets();
        }
        List<StoredSecret> live = store.live(team, workflowId);
        if (live.isEmpty()) {
            create(team, workflowId);
            live = store.live(team, workflowId);
        }
        List<String> secrets = new ArrayList<>(live.size());
        for (StoredSecret s : live) {
            secrets.add(cipher.decrypt(aad(s.id()), s.ciphertext()));
        }
        List<String> result = List.copyOf(secrets);
        cache.put(key, new Cached(result, now.plus(CACHE_TTL)));
        return result;
    }

    private static String aad(String id) {
        return "signing-secret:" + id;
    }

    private static String key(String team, String workflowId) {
        return team + "/" + workflowId;
    }
}
