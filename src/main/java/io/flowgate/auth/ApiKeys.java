package io.flowgate.auth;

import com.github.benmanes.caffeine.cache.Cache;
import io.flowgate.core.BadRequestException;
import io.flowgate.core.CacheSettings;
import io.flowgate.core.Caches;
import io.flowgate.core.ConflictException;
import io.flowgate.core.Ids;
import io.flowgate.core.NotFoundException;
import io.flowgate.store.ApiKeyStore;
import io.flowgate.store.ApiKeyStore.StoredKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * API keys: {@code fgk_} + 32 random bytes (base64url). Only the SHA-256 hash and a 12-character
 * prefix are stored. Authentication hashes the presented key and looks the hash up, so the
 * comparison never runs over the secret itself; the found hash is compared again with
 * {@link MessageDigest#isEqual}.
 *
 * <p>Successful authentications are cached for {@link CacheSettings#DEFAULT_CREDENTIAL_TTL} so the hot path does
 * not query the store on every request. A revocation through this instance takes effect at
 * once here; on other nodes sharing the database it takes effect within that window.
 */
public final class ApiKeys {
    public static final String KEY_PREFIX = "fgk_";
    public static final int KEY_BYTES = 32;
    public static final int PREFIX_LENGTH = 12;
    private static final int NAME_MAX = 100;

    private final ApiKeyStore store;
    private final Clock clock;
    /** By key hash; only live keys, so an unknown key is looked up again on every try. */
    private final Cache<String, Principal> cache;

    /** A key just created: {@code key} is the only time the secret is visible. */
    public record CreatedKey(StoredKey stored, String key) {}

    public ApiKeys(ApiKeyStore store, Clock clock) {
        this(store, clock, CacheSettings.DEFAULT_CREDENTIAL_TTL);
    }

    public ApiKeys(ApiKeyStore store, Clock clock, Duration cacheTtl) {
        this.store = store;
        this.clock = clock;
        this.cache = Caches.expiring(CacheSettings.DEFAULT_API_KEYS, cacheTtl, clock);
    }

    public CreatedKey create(String name, Role role, List<String> teams) {
        return register(KEY_PREFIX + Ids.random(KEY_BYTES), name, role, teams);
    }

    /** Authenticates a presented key (without the "Bearer " word); empty when unknown or revoked. */
    public Optional<Principal> authenticate(String presented) {
        if (presented == null || !presented.startsWith(KEY_PREFIX) || presented.length() > 200) {
            return Optional.empty();
        }
        byte[] hash = sha256(presented);
        String cacheKey = HexFormat.of().formatHex(hash);
        Principal cached = cache.getIfPresent(cacheKey);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<StoredKey> found = store.findByHash(hash)
                .filter(k -> k.revokedAt() == null && MessageDigest.isEqual(k.hash(), hash));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Principal principal = toPrincipal(found.get());
        cache.put(cacheKey, principal);
        return Optional.of(principal);
    }

    public List<StoredKey> list() {
        return store.list();
    }

    /**
     * Revokes a key. Refuses to revoke the last live admin key, which would lock every
     * client out until the database is wiped.
     */
    public void revoke(String id) {
        List<StoredKey> keys = store.list();
        StoredKey key = keys.stream().filter(k -> k.id().equals(id)).findFirst()
                .orElseThrow(() -> new NotFoundException("api key", id));
        if (key.revokedAt() != null) {
            return;
        }
        boolean admin = Role.ADMIN.wire().equals(key.role());
        long liveAdmins = keys.stream()
                .filter(k -> k.revokedAt() == null && Role.ADMIN.wire().equals(k.role()))
                .count();
        if (admin && liveAdmins <= 1) {
            throw new ConflictException("last_admin_key", "The last admin key cannot be revoked");
        }
        store.revoke(id, clock.instant());
        cache.asMap().values().removeIf(p -> p.keyId().equals(id));
    }

    /** Bootstraps {@code <dataDir>/admin.key}; see {@link AdminKeyFile} for the rules. True when it created or registered a key. */
    public boolean ensureAdminKey(Path keyFile) {
        return AdminKeyFile.ensure(this, keyFile);
    }

    /** True when no key was ever stored (a fresh database). */
    public boolean empty() {
        return store.count() == 0;
    }

    /** Registers an existing secret key (e.g. one read back from the admin key file). */
    CreatedKey register(String key, String name, Role role, List<String> teams) {
        String cleanName = name == null ? "" : name.trim();
        if (cleanName.isEmpty() || cleanName.length() > NAME_MAX) {
            throw new BadRequestException("invalid_name", "A key needs a name of 1 to " + NAME_MAX + " characters");
        }
        List<String> cleanTeams = teams == null ? List.of() : teams.stream().map(String::trim).distinct().toList();
        if (cleanTeams.stream().anyMatch(String::isEmpty)) {
            throw new BadRequestException("invalid_teams", "Team names must not be empty");
        }
        StoredKey stored = new StoredKey(Ids.random(12), cleanName, key.substring(0, PREFIX_LENGTH), sha256(key),
                role.wire(), cleanTeams, clock.instant(), null);
        store.insert(stored);
        return new CreatedKey(stored, key);
    }

    static boolean wellFormed(String key) {
        return key != null && key.startsWith(KEY_PREFIX) && key.length() >= PREFIX_LENGTH + 8
                && key.length() <= 200 && key.chars().allMatch(c -> c > 32 && c < 127);
    }

    private static Principal toPrincipal(StoredKey k) {
        return new Principal(k.id(), k.name(), Role.fromWire(k.role()), k.teams());
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
