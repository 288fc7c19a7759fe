package io.flowgate.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Broker connections and event sources. A connection's password is stored as ciphertext only; encryption
 * happens before the store sees it. Every write returns once committed.
 */
public interface BrokerStore {
    /** @param password ciphertext (base64), or null */
    record StoredConnection(String name, String kind, String url, String username, String password,
                            Instant createdAt, Instant updatedAt) {}

    /** @param spec the source as created ({@code connection}, the kind's block, {@code event}) */
    record StoredSource(String name, String connection, JsonNode spec, Instant createdAt, Instant updatedAt) {}

    /** Inserts or replaces; returns true when the name is new. */
    boolean putConnection(StoredConnection connection);

    Optional<StoredConnection> connection(String name);

    List<StoredConnection> connections();

    /**
     * Deletes the connection unless a source uses it. Empty: there was none; an empty list: deleted; else the
     * names of the sources that use it (nothing deleted).
     */
    Optional<List<String>> deleteConnection(String name);

    /** Inserts or replaces; returns true when the name is new. */
    boolean putSource(StoredSource source);

    Optional<StoredSource> source(String name);

    List<StoredSource> sources();

    /** Deletes the source (and its lease). */
    boolean deleteSource(String name);

    /**
     * Takes or renews the lease on source {@code name} for {@code owner} until {@code until}; true when the owner
     * now holds it (it was free, had expired by {@code now}, or was already the owner's).
     */
    boolean holdSource(String name, String owner, Instant now, Instant until);

    /** Gives up the lease on source {@code name} if {@code owner} holds it. */
    void releaseSource(String name, String owner);
}
