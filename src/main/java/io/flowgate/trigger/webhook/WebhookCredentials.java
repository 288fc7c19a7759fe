package io.flowgate.trigger.webhook;

import com.github.benmanes.caffeine.cache.Cache;
import io.flowgate.core.CacheSettings;
import io.flowgate.core.Caches;
import io.flowgate.core.Ids;
import io.flowgate.core.NotFoundException;
import io.flowgate.secrets.SecretCipher;
import io.flowgate.store.WebhookStore;
import io.flowgate.store.WebhookStore.SecretRow;
import io.flowgate.store.WebhookStore.TokenRow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Webhook tokens and HMAC secrets: generated here (256 random bits), shown once, tokens stored as
 * SHA-256 hashes and secrets AES-GCM encrypted. Lookups are cached for
 * {@link CacheSettings#DEFAULT_CREDENTIAL_TTL} so the hot path does not read the store on every
 * request; a revocation on this node takes effect at once, on other nodes within the TTL.
 */
public final class WebhookCredentials {
    public static final String TOKEN_PREFIX = "fgw_";
    public static final String SECRET_PREFIX = "whsec_";
    public static final int PREFIX_LENGTH = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebhookStore store;
    private final SecretCipher cipher;
    private final Clock clock;
    /*
     * Both caches load inside Caffeine's per-key compute: concurrent requests with one token share one store
     * read, and an invalidation (a revocation here) waits for a load in flight instead of being overwritten
     * by its stale result.
     */
    /** By token hash; unknown tokens are cached too (as empty), within a bound. */
    private final Cache<String, Optional<TokenRow>> tokens;
    /** By team/workflow: the decrypted live HMAC secrets. */
    private final Cache<String, List<String>> secrets;

    public record CreatedToken(TokenRow row, String token) {}

    public record CreatedSecret(SecretRow row, String secret) {}

    public WebhookCredentials(WebhookStore store, SecretCipher cipher, Clock clock) {
        this.store = store;
        this.cipher = cipher;
        this.clock = clock;
        this.tokens = Caches.expiring(CacheSettings.DEFAULT_WEBHOOK_TOKENS, CacheSettings.DEFAULT_CREDENTIAL_TTL, clock);
        this.secrets = Caches.expiring(CacheSettings.DEFAULT_WORKFLOW_SECRETS, CacheSettings.DEFAULT_CREDENTIAL_TTL,
                clock);
    }

    public CreatedToken createToken(String team, String workflowId) {
        String token = TOKEN_PREFIX + Ids.random(32);
        TokenRow row = new TokenRow(Ids.timeOrdered(clock), team, workflowId, token.substring(0, PREFIX_LENGTH),
                sha256(token), clock.instant(), null);
        store.insertToken(row);
        return new CreatedToken(row, token);
    }

    public List<TokenRow> tokens(String team, String workflowId) {
        return store.tokens(team, workflowId);
    }

    public void revokeToken(String team, String workflowId, String tokenId) {
        if (!store.revokeToken(team, workflowId, tokenId, clock.instant())) {
            throw new NotFoundException("token", tokenId);
        }
        tokens.invalidateAll(); // the cache is keyed by hash, which a token id does not give
    }

    /** The live token row for a presented token (any workflow's); empty when unknown or revoked. */
    public Optional<TokenRow> authenticate(String presented) {
        if (presented == null || !presented.startsWith(TOKEN_PREFIX) || presented.length() > 200) {
            return Optional.empty();
        }
        byte[] hash = sha256(presented);
        String key = Base64.getEncoder().encodeToString(hash);
        Optional<TokenRow> hit = tokens.get(key, k -> store.findToken(hash));
        // The row was found by hash; compare again in constant time so equality is never short-circuited.
        return hit.filter(row -> MessageDigest.isEqual(row.hash(), hash));
    }

    public CreatedSecret createSecret(String team, String workflowId) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String secret = SECRET_PREFIX + Base64.getEncoder().encodeToString(raw);
        String id = Ids.timeOrdered(clock);
        SecretRow row = new SecretRow(id, team, workflowId, cipher.encrypt(aad(id), secret), clock.instant(), null);
        store.insertSecret(row);
        secrets.invalidate(team + "/" + workflowId);
        return new CreatedSecret(row, secret);
    }

    public void revokeSecret(String team, String workflowId, String secretId) {
        if (!store.revokeSecret(team, workflowId, secretId, clock.instant())) {
            throw new NotFoundException("secret", secretId);
        }
        secrets.invalidate(team + "/" + workflowId);
    }

    public List<SecretRow> secretRows(String team, String workflowId) {
        return store.secrets(team, workflowId);
    }

    /** Decrypted live HMAC secrets of a workflow, newest first. */
    public List<String> secrets(String team, String workflowId) {
        return secrets.get(team + "/" + workflowId, k -> store.secrets(team, workflowId).stream()
                .map(r -> cipher.decrypt(aad(r.id()), r.ciphertext())).toList());
    }

    /** Binds each ciphertext to its row, so a ciphertext copied to another row does not decrypt. */
    private static String aad(String secretId) {
        return "webhook-secret:" + secretId;
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }
}
