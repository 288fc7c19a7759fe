package io.flowgate.store.jdbc;

import io.flowgate.store.ClusterSignals;
import io.flowgate.store.Signal;
import io.flowgate.store.SignalHub;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signals between the nodes of a PostgreSQL cluster with {@code LISTEN/NOTIFY} on one channel.
 *
 * <p>Sending: the group committer hands each transaction's signals to {@link #send} just before the
 * commit; one {@code SELECT pg_notify(…) FROM unnest(?)} sends them all, packed by {@link SignalCodec}.
 * PostgreSQL delivers a notification only when its transaction commits.
 *
 * <p>Listening: one dedicated connection (not from the pools, which recycle connections and would drop
 * the LISTEN) waits for notifications and feeds the {@link SignalHub}, skipping this node's own. When
 * the connection drops it reconnects with backoff (100 ms doubling to 5 s) and then tells every
 * subscriber that signals may have been missed. A quiet connection is checked every
 * {@link #CHECK_EVERY} so a silently dead one is noticed.
 */
public final class PgSignals implements ClusterSignals, SignalSender, AutoCloseable {
    public static final String CHANNEL = "flowgate";
    static final Duration CHECK_EVERY = Duration.ofSeconds(10);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final int WAIT_MILLIS = 250;
    private static final Logger LOG = LoggerFactory.getLogger(PgSignals.class);

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String node;
    private final SignalHub hub = new SignalHub();
    private final Object sleeper = new Object();
    private volatile boolean running = true;
    private volatile Connection listening;
    private volatile long reconnects;
    private final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
    private Thread loop;

    PgSignals(String jdbcUrl, String user, String password, String node) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.node = node;
    }

    /** Listens before returning (a node starts only with a working connection), then keeps listening. */
    void start() {
        Connection first;
        try {
            first = connect();
        } catch (SQLException e) {
            throw new StoreException("Cannot LISTEN for other nodes' signals: " + e.getMessage(), null, e);
        }
        loop = Thread.ofPlatform().daemon().name("flowgate-signals").start(() -> run(first));
    }

    @Override
    public AutoCloseable subscribe(Set<Signal.Kind> kinds, Listener listener) {
        return hub.subscribe(kinds, listener);
    }

    @Override
    public void send(Connection connection, Collection<Signal> signals) throws SQLException {
        if (signals.isEmpty()) {
            return;
        }
        List<String> payloads = SignalCodec.encode(node, signals);
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT pg_notify('" + CHANNEL + "', p) FROM unnest(?::text[]) AS p")) {
            ps.setArray(1, connection.createArrayOf("text", payloads.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // pg_notify returns void: reading the rows only makes sure each ran
                }
            }
        }
    }

    /** Signals received from other nodes (metrics). */
    public long received() {
        return received.get();
    }

    /** How many times the listening connection was re-established (tests and metrics). */
    public long reconnects() {
        return reconnects;
    }

    private Connection connect() throws SQLException {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        // Names the backend in pg_stat_activity, so an operator (or a test) can find this connection.
        props.setProperty("ApplicationName", "flowgate-signals " + node);
        props.setProperty("tcpKeepAlive", "true");
        Connection c = DriverManager.getConnection(jdbcUrl, props);
        try (Statement st = c.createStatement()) {
            st.execute("LISTEN " + CHANNEL);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        listening = c;
        return c;
    }

    private void run(Connection first) {
        Connection c = first;
        Duration backoff = FIRST_BACKOFF;
        while (running) {
            if (c == null) {
                try {
                    c = connect();
                    reconnects++;
                    backoff = FIRST_BACKOFF;
                    LOG.info("Listening for other nodes' signals again");
                    hub.missed();
                } catch (SQLException e) {
                    LOG.warn("Cannot reconnect the signal listener ({}); next try in {} ms", e.getMessage(),
                            backoff.toMillis());
                    pause(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                    continue;
                }
            }
            try {
                listen(c);
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warn("The signal listener lost its connection: {}", e.getMessage());
                }
            }
            closeQuietly(c);
            c = null;
        }
    }

    /** Returns only by an exception (the connection failed) or when closing. */
    private void listen(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long quietSince = System.nanoTime();
        while (running) {
            PGNotification[] notes = pg.getNotifications(WAIT_MILLIS);
            if (notes == null || notes.length == 0) {
                if (System.nanoTime() - quietSince > CHECK_EVERY.toNanos()) {
                    try (Statement st = c.createStatement()) {
                        st.setQueryTimeout((int) CHECK_EVERY.toSeconds());
                        st.execute("SELECT 1");
                    }
                    quietSince = System.nanoTime();
                }
                continue;
            }
            quietSince = System.nanoTime();
            for (PGNotification n : notes) {
                deliver(n.getParameter());
            }
        }
    }

    private void deliver(String payload) {
        SignalCodec.Decoded d;
        try {
            d = SignalCodec.decode(payload);
        } catch (RuntimeException e) {
            LOG.warn("Dropped an unreadable signal payload", e);
            return;
        }
        if (node.equals(d.node())) {
            return; // ours: this node acted on its own change already
        }
        received.addAndGet(d.signals().size());
        d.signals().forEach(hub::dispatch);
    }

    private void pause(Duration d) {
        synchronized (sleeper) {
            try {
                sleeper.wait(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException | RuntimeException ignored) {
            // already broken
        }
    }

    @Override
    public void close() {
        running = false;
        synchronized (sleeper) {
            sleeper.notifyAll();
        }
        Thread t = loop;
        if (t != null) {
            try {
                t.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Connection c = listening;
        if (c != null) {
            closeQuietly(c);
        }
    }
}
