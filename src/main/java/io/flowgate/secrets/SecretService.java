package io.flowgate.secrets;

import io.flowgate.core.BadRequestException;
import io.flowgate.core.CacheSettings;
import io.flowgate.core.NotFoundException;
import io.flowgate.store.SecretStore;
import io.flowgate.store.SecretStore.StoredSecret;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Named secrets ({@code secrets.NAME} in expressions). Values are encrypted before the store sees
 * them and never leave this class except through {@link #all()} and {@link #values()}, which the
 * engine uses to evaluate and to redact.
 *
 * <p>Decrypted values are cached in memory; a change through this instance refreshes the cache at
 * once, and the cache is reloaded after {@link CacheSettings#DEFAULT_NAMED_SECRETS_TTL} so that changes
 * made by other nodes sharing the database are seen within that window.
 */
public final class SecretService {
    public static final Pattern NAME = Pattern.compile("^[A-Z][A-Z0-9_]{0,63}$");
    public static final int MAX_VALUE_BYTES = 64 * 1024;

    private final SecretStore store;
    private final SecretCipher cipher;
    private final Clock clock;
    private final Duration cacheTtl;
    private volatile Snapshot snapshot;

    private record Snapshot(Map<String, String> values, Instant until) {}

    /** A secret's metadata; its value is never part of it. */
    public record SecretInfo(String name, Instant createdAt, Instant updatedAt) {}

    /** The outcome of {@link #set}: {@code created} is false when an existing value was replaced. */
    public record Saved(String name, Instant createdAt, boolean created) {}

    public SecretService(SecretStore store, SecretCipher cipher, Clock clock) {
        this(store, cipher, clock, CacheSettings.DEFAULT_NAMED_SECRETS_TTL);
    }

    public SecretService(SecretStore store, SecretCipher cipher, Clock clock, Duration cacheTtl) {
        this.store = store;
        this.cipher = cipher;
        this.clock = clock;
        this.cacheTtl = cacheTtl;
    }

    /**
     * Refuses a master key other than the one the database's secrets are encrypted under (the first node to start
     * records its key's fingerprint). A cluster node started with its own fresh {@code master.key} would otherwise
     * run, and fail every delivery signature, credential and secret another node wrote.
     */
    public static void checkKey(SecretStore store, SecretCipher cipher, String keySource) {
        String mine = cipher.fingerprint();
        String recorded = store.keyFingerprint(mine);
        if (!java.security.MessageDigest.isEqual(mine.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                recorded.getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            throw new IllegalStateException("This node's master key (" + keySource + ") is not the one this "
                    + "database's secrets are encrypted with. Every node of a cluster needs the same key: copy "
                    + SecretCipher.MASTER_KEY_FILE + " from a node that runs into this node's data directory, or set "
                    + SecretCipher.ENV_MASTER_KEY + " to the same value on every node.");
        }
    }

    public Saved set(String name, String value) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new BadRequestException("invalid_secret_name",
                    "A secret name must match ^[A-Z][A-Z0-9_]{0,63}$ (upper case, digits, underscores)");
        }
        if (value == null) {
            throw new BadRequestException("invalid_secret_value", "A secret needs a string value");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
            throw new BadRequestException("invalid_secret_value",
                    "A secret value may be at most " + MAX_VALUE_BYTES + " bytes");
        }
        boolean created = store.put(name, cipher.encrypt(name, value));
        snapshot = null;
        Instant createdAt = store.get(name).map(StoredSecret::createdAt).orElse(clock.instant());
        return new Saved(name, createdAt, created);
    }

    public List<SecretInfo> list() {
        return store.list().stream()
                .map(s -> new SecretInfo(s.name(), s.createdAt(), s.updatedAt()))
                .toList();
    }

    public void delete(String name) {
        if (!store.delete(name)) {
            throw new NotFoundException("secret", name);
        }
        snapshot = null;
    }

    /** Every secret, decrypted, by name. Unmodifiable. */
    public Map<String, String> all() {
        Snapshot current = snapshot;
        Instant now = clock.instant();
        if (current == null || !now.isBefore(current.until())) {
            Map<String, String> values = new LinkedHashMap<>();
            for (StoredSecret s : store.list()) {
                byte[] ciphertext = s.ciphertext() != null ? s.ciphertext()
                        : store.get(s.name()).map(StoredSecret::ciphertext).orElse(null);
                if (ciphertext != null) {
                    values.put(s.name(), cipher.decrypt(s.name(), ciphertext));
                }
            }
            current = new Snapshot(Map.copyOf(values), now.plus(cacheTtl));
            snapshot = current;
        }
        return current.values();
    }

    /** The current secret values, for redacting them wherever they would appear. */
    public Collection<String> values() {
        return all().values();
    }
}
