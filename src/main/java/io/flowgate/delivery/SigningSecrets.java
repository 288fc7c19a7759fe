package io.flowgate.delivery;

import com.github.benmanes.caffeine.cache.Cache;
import io.flowgate.core.CacheSettings;
import io.flowgate.core.Caches;
import io.flowgate.core.Ids;
import io.flowgate.secrets.SecretCipher;
import io.flowgate.store.SigningSecretStore;
import io.flowgate.store.SigningSecretStore.StoredSecret;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-workflow secrets that sign outbound webhooks, encrypted at rest. Every live secret signs
 * every message, so a receiver can switch to a new secret before the old one is revoked. A
 * workflow that never created one gets one on its first message: every message is signed.
 */
public final class SigningSecrets {
    public record Created(String id, String secret, Instant createdAt) {}

    public record Info(String id, Instant createdAt) {}

    private final SigningSecretStore store;
    private final SecretCipher cipher;
    private final Clock clock;
    /**
     * By team/workflow: the decrypted live secrets, reused for {@link CacheSettings#DEFAULT_CREDENTIAL_TTL}
     * before the store is read again (so another node's revocation is seen within that window).
     */
    private final Cache<String, List<String>> cache;

    public SigningSecrets(SigningSecretStore store, SecretCipher cipher, Clock clock) {
        this.store = store;
        this.cipher = cipher;
        this.clock = clock;
        this.cache = Caches.expiring(CacheSettings.DEFAULT_WORKFLOW_SECRETS, CacheSettings.DEFAULT_CREDENTIAL_TTL,
                clock);
    }

    /** A new live secret; the only time its value is returned. */
    public Created create(String team, String workflowId) {
        String id = "ss_" + Ids.random(9);
        String secret = Signer.newSecret();
        Instant now = clock.instant();
        store.insert(new StoredSecret(id, team, workflowId, cipher.encrypt(aad(id), secret), now));
        cache.invalidate(key(team, workflowId));
        return new Created(id, secret, now);
    }

    public List<Info> list(String team, String workflowId) {
        return store.live(team, workflowId).stream().map(s -> new Info(s.id(), s.createdAt())).toList();
    }

    public boolean revoke(String team, String workflowId, String id) {
        boolean revoked = store.revoke(team, workflowId, id, clock.instant());
        cache.invalidate(key(team, workflowId));
        return revoked;
    }

    /** The live secrets ({@code whsec_…}) that sign this workflow's messages; never empty. */
    public List<String> signingSecrets(String team, String workflowId) {
        List<String> cached = cache.getIfPresent(key(team, workflowId));
        return cached != null ? cached : reload(team, workflowId);
    }

    /**
     * One thread at a time: the first messages of a workflow arrive together, and each must not
     * create its own secret (every live secret signs every message).
     */
    private synchronized List<String> reload(String team, String workflowId) {
        String key = key(team, workflowId);
        List<String> cached = cache.getIfPresent(key);
        if (cached != null) {
            return cached;
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
        cache.put(key, result);
        return result;
    }

    private static String aad(String id) {
        return "signing-secret:" + id;
    }

    private static String key(String team, String workflowId) {
        return team + "/" + workflowId;
    }
}
