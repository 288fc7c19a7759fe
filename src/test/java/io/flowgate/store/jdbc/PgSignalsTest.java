package io.flowgate.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.flowgate.it.PostgresDatabases;
import io.flowgate.store.ClusterSignals;
import io.flowgate.store.Signal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Signals between two nodes' databases on one PostgreSQL: sent only by commits, never to the sender,
 * and still delivered after the listening connection was killed.
 */
class PgSignalsTest {
    static final Duration LONG = Duration.ofSeconds(30);

    String name;
    Database sender;
    Database receiver;
    ClusterSignals senderSignals;
    ClusterSignals receiverSignals;
    final List<Signal> received = new CopyOnWriteArrayList<>();
    final AtomicInteger missed = new AtomicInteger();
    final List<Signal> echoed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        name = PostgresDatabases.create("flowgate_signals");
        sender = Database.open(PostgresDatabases.url(name));
        receiver = Database.open(PostgresDatabases.url(name));
        senderSignals = sender.signals("sender");
        receiverSignals = receiver.signals("receiver");
        receiverSignals.subscribe(EnumSet.allOf(Signal.Kind.class), new ClusterSignals.Listener() {
            @Override
            public void signal(Signal signal) {
                received.add(signal);
            }

            @Override
            public void missed() {
                missed.incrementAndGet();
            }
        });
        senderSignals.subscribe(EnumSet.allOf(Signal.Kind.class), echoed::add);
    }

    @AfterEach
    void close() {
        receiver.close();
        sender.close();
        PostgresDatabases.drop(name);
    }

    void send(Signal s) {
        sender.writes().write(tx -> {
            tx.signal(s);
            return null;
        });
    }

    @Test
    void a_committed_signal_reaches_the_other_node_but_not_the_sender() {
        send(Signal.of(Signal.Kind.EXECUTION, "e-1 completed"));
        await().atMost(LONG).until(() -> received.contains(Signal.of(Signal.Kind.EXECUTION, "e-1 completed")));
        // PostgreSQL hands the sender its own notification too (same channel). A later signal from the receiver
        // arrives after it (commit order), so once that one is here the sender has skipped its own.
        receiver.writes().write(tx -> {
            tx.signal(Signal.of(Signal.Kind.EVENT));
            return null;
        });
        await().atMost(LONG).until(() -> echoed.contains(Signal.of(Signal.Kind.EVENT)));
        assertThat(echoed).containsExactly(Signal.of(Signal.Kind.EVENT));
    }

    @Test
    void signals_of_a_rolled_back_unit_are_never_delivered_while_its_neighbours_are() throws Exception {
        // Two units in one batch: the failing one is dropped and the batch runs again without it.
        CompletableFuture<Void> failing = CompletableFuture.runAsync(() -> sender.writes().write(tx -> {
            tx.signal(Signal.of(Signal.Kind.EXECUTION, "rolled-back"));
            throw new IllegalStateException("this unit fails after signalling");
        }));
        CompletableFuture<Void> fine = CompletableFuture.runAsync(() -> send(Signal.of(Signal.Kind.EXECUTION, "kept-1")));
        assertThatThrownBy(failing::join).hasCauseInstanceOf(IllegalStateException.class);
        fine.join();
        // A whole transaction that fails at the database sends nothing either.
        assertThatThrownBy(() -> sender.writes().write(tx -> {
            tx.signal(Signal.of(Signal.Kind.EXECUTION, "bad-sql"));
            return tx.execute("INSERT INTO no_such_table VALUES (1)");
        })).isInstanceOf(StoreException.class);
        send(Signal.of(Signal.Kind.EXECUTION, "kept-2"));
        // Notifications arrive in commit order: once kept-2 is here, anything sent before it would be too.
        await().atMost(LONG).until(() -> received.contains(Signal.of(Signal.Kind.EXECUTION, "kept-2")));
        assertThat(received).contains(Signal.of(Signal.Kind.EXECUTION, "kept-1"))
                .doesNotContain(Signal.of(Signal.Kind.EXECUTION, "rolled-back"), Signal.of(Signal.Kind.EXECUTION, "bad-sql"));
    }

    @Test
    void after_its_connection_is_killed_the_listener_reconnects_tells_subscribers_and_delivers_again() throws Exception {
        send(Signal.of(Signal.Kind.WORK, "1"));
        await().atMost(LONG).until(() -> received.contains(Signal.of(Signal.Kind.WORK, "1")));
        assertThat(terminate("flowgate-signals receiver")).isEqualTo(1);
        await().atMost(LONG).until(() -> missed.get() == 1);
        assertThat(receiver.pgSignals().orElseThrow().reconnects()).isEqualTo(1);
        send(Signal.of(Signal.Kind.WORK, "2"));
        await().atMost(LONG).until(() -> received.contains(Signal.of(Signal.Kind.WORK, "2")));
        assertThat(receiver.pgSignals().orElseThrow().received()).isEqualTo(2);
    }

    /** Kills the backends of one application name, as an operator or a failover would; answers how many. */
    private int terminate(String applicationName) throws Exception {
        try (Connection c = DriverManager.getConnection(PostgresDatabases.url(name)); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity "
                     + "WHERE application_name = '" + applicationName + "' AND datname = current_database()")) {
            rs.next();
            return rs.getInt("n");
        }
    }
}
