package io.flowgate.store.jdbc;

import io.flowgate.core.Json;
import io.flowgate.store.BrokerStore;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Broker connections (password as ciphertext) and event sources, by name; lists are ordered by name. */
public final class JdbcBrokerStore implements BrokerStore {
    private static final String CONNECTION = "SELECT name, kind, url, username, password, created_at, updated_at "
            + "FROM broker_connections ";
    private static final String SOURCE = "SELECT name, connection, spec, created_at, updated_at FROM event_sources ";

    private final JdbcHelper reads;
    private final GroupCommitter writes;

    public JdbcBrokerStore(Database db) {
        this.reads = db.reads();
        this.writes = db.writes();
    }

    @Override
    public boolean putConnection(StoredConnection c) {
        return writes.write(tx -> {
            if (tx.execute("INSERT INTO broker_connections (name, kind, url, username, password, created_at, "
                    + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING", c.name(), c.kind(),
                    c.url(), c.username(), c.password(), c.createdAt(), c.updatedAt()) == 1) {
                return true;
            }
            tx.execute("UPDATE broker_connections SET kind = ?, url = ?, username = ?, password = ?, updated_at = ? "
                    + "WHERE name = ?", c.kind(), c.url(), c.username(), c.password(), c.updatedAt(), c.name());
            return false;
        });
    }

    @Override
    public Optional<StoredConnection> connection(String name) {
        return reads.queryOne(CONNECTION + "WHERE name = ?", JdbcBrokerStore::connection, name);
    }

    @Override
    public List<StoredConnection> connections() {
        return reads.query(CONNECTION + "ORDER BY name", JdbcBrokerStore::connection);
    }

    @Override
    public Optional<List<String>> deleteConnection(String name) {
        return writes.write(tx -> {
            List<String> users = tx.query("SELECT name FROM event_sources WHERE connection = ? ORDER BY name",
                    r -> r.string("name"), name);
            if (!users.isEmpty()) {
                return Optional.of(users);
            }
            return tx.execute("DELETE FROM broker_connections WHERE name = ?", name) == 1
                    ? Optional.of(List.<String>of()) : Optional.empty();
        });
    }

    @Override
    public boolean putSource(StoredSource s) {
        String spec = Json.write(s.spec());
        return writes.write(tx -> {
            if (tx.execute("INSERT INTO event_sources (name, connection, spec, created_at, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING", s.name(), s.connection(), spec,
                    s.createdAt(), s.updatedAt()) == 1) {
                return true;
            }
            tx.execute("UPDATE event_sources SET connection = ?, spec = ?, updated_at = ? WHERE name = ?",
                    s.connection(), spec, s.updatedAt(), s.name());
            return false;
        });
    }

    @Override
    public Optional<StoredSource> source(String name) {
        return reads.queryOne(SOURCE + "WHERE name = ?", JdbcBrokerStore::source, name);
    }

    @Override
    public List<StoredSource> sources() {
        return reads.query(SOURCE + "ORDER BY name", JdbcBrokerStore::source);
    }

    @Override
    public boolean deleteSource(String name) {
        return writes.write(tx -> {
            tx.execute("DELETE FROM source_leases WHERE name = ?", name);
            return tx.execute("DELETE FROM event_sources WHERE name = ?", name) == 1;
        });
    }

    @Override
    public boolean holdSource(String name, String owner, Instant now, Instant until) {
        return writes.write(tx -> tx.execute("INSERT INTO source_leases (name, owner, lease_until) VALUES (?, ?, ?) "
                + "ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until "
                + "WHERE source_leases.owner = excluded.owner OR source_leases.lease_until < ?",
                name, owner, until, now) == 1);
    }

    @Override
    public void releaseSource(String name, String owner) {
        writes.write(tx -> tx.execute("DELETE FROM source_leases WHERE name = ? AND owner = ?", name, owner));
    }

    private static StoredConnection connection(Row r) throws SQLException {
        return new StoredConnection(r.string("name"), r.string("kind"), r.string("url"), r.string("username"),
                r.string("password"), r.instant("created_at"), r.instant("updated_at"));
    }

    private static StoredSource source(Row r) throws SQLException {
        return new StoredSource(r.string("name"), r.string("connection"), r.json("spec"), r.instant("created_at"),
                r.instant("updated_at"));
    }
}
