package io.flowgate.broker;

import io.flowgate.core.BadRequestException;
import io.flowgate.core.ConflictException;
import io.flowgate.core.NotFoundException;
import io.flowgate.secrets.SecretCipher;
import io.flowgate.store.BrokerStore;
import io.flowgate.store.BrokerStore.StoredConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Named broker connections. The password is encrypted (AES-GCM, the secrets' master key, bound to the
 * connection's name) before the store sees it and is never part of what this class hands to the API; only
 * {@link #open(String)} decrypts, for the drivers.
 */
public final class Connections {
    public static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,62}$");
    static final Duration TEST_TIMEOUT = Duration.ofSeconds(5);

    private final BrokerStore store;
    private final SecretCipher cipher;
    private final Clock clock;
    private final Map<BrokerKind, BrokerDriver> drivers;
    private volatile Consumer<String> changed = name -> {};

    /** What the API may show of a connection: never its password, nor its username. */
    public record Info(String name, BrokerKind kind, String url, boolean hasCredentials, Instant createdAt,
                       Instant updatedAt) {}

    /** The outcome of a save: {@code created} is false when an existing connection was replaced. */
    public record Saved(Info info, boolean created) {}

    /** A connection test: {@code error} says why it failed, null when it connected. */
    public record TestResult(boolean ok, String error) {}

    public Connections(BrokerStore store, SecretCipher cipher, Clock clock, Map<BrokerKind, BrokerDriver> drivers) {
        this.store = store;
        this.cipher = cipher;
        this.clock = clock;
        this.drivers = Map.copyOf(drivers);
    }

    /** Told the name of a connection that was replaced or deleted (sources restart, cached clients close). */
    void onChange(Consumer<String> listener) {
        this.changed = listener;
    }

    public Saved save(String name, String kind, String url, String username, String password) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new BadRequestException("invalid_connection",
                    "name is required: lower-case letters, digits, '-' and '_', at most 63, e.g. shop-nats");
        }
        BrokerKind k = BrokerKind.parse(kind);
        ConnectionUrl parsed = ConnectionUrl.parse(k, url);
        String user = username != null ? username : parsed.username();
        String pass = password != null ? password : parsed.password();
        if (user != null && user.length() > 256 || pass != null && pass.length() > 4096) {
            throw new BadRequestException("invalid_connection", "username or password is too long");
        }
        Instant now = clock.instant();
        String sealed = pass == null ? null
                : Base64.getEncoder().encodeToString(cipher.encrypt(aad(name), pass));
        Instant createdAt = store.connection(name).map(StoredConnection::createdAt).orElse(now);
        boolean created = store.putConnection(new StoredConnection(name, k.wire(), parsed.url(), user, sealed,
                createdAt, now));
        if (!created) {
            forget(name);
        }
        return new Saved(info(store.connection(name).orElseThrow()), created);
    }

    public List<Info> list() {
        return store.connections().stream().map(Connections::info).toList();
    }

    public Info get(String name) {
        return store.connection(name).map(Connections::info).orElseThrow(() -> new NotFoundException("connection", name));
    }

    public void delete(String name) {
        Optional<List<String>> outcome = store.deleteConnection(name);
        if (outcome.isEmpty()) {
            throw new NotFoundException("connection", name);
        }
        if (!outcome.get().isEmpty()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("sources", outcome.get());
            throw new ConflictException("connection_in_use", "Connection '" + name + "' is used by the event "
                    + "source(s) " + String.join(", ", outcome.get()) + "; delete them first", details);
        }
        forget(name);
    }

    /** Connects with the stored settings and says whether that worked, and why not. */
    public TestResult test(String name) {
        Connection c = open(name).orElseThrow(() -> new NotFoundException("connection", name));
        try {
            driver(c.kind()).test(c, TEST_TIMEOUT);
            return new TestResult(true, null);
        } catch (Exception e) {
            return new TestResult(false, c.redact(Reasons.of(e)));
        }
    }

    /** The connection with its password decrypted, for a driver. */
    public Optional<Connection> open(String name) {
        return store.connection(name).map(s -> new Connection(s.name(), BrokerKind.parse(s.kind()), s.url(),
                s.username(), s.password() == null ? null
                        : cipher.decrypt(aad(s.name()), Base64.getDecoder().decode(s.password())), s.updatedAt()));
    }

    BrokerDriver driver(BrokerKind kind) {
        BrokerDriver d = drivers.get(kind);
        if (d == null) {
            throw new IllegalStateException("No driver for " + kind.wire());
        }
        return d;
    }

    private void forget(String name) {
        drivers.values().forEach(d -> d.forget(name));
        changed.accept(name);
    }

    private static String aad(String name) {
        return "connection:" + name;
    }

    private static Info info(StoredConnection s) {
        return new Info(s.name(), BrokerKind.parse(s.kind()), s.url(), s.username() != null || s.password() != null,
                s.createdAt(), s.updatedAt());
    }
}
