package io.flowgate.store.jdbc;

import io.flowgate.store.Signal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;

/**
 * Sends the signals a transaction collected, on that transaction's connection, just before it commits —
 * so they reach the other nodes only if the commit happens. SQLite (one node) sends nothing.
 */
@FunctionalInterface
interface SignalSender {
    SignalSender NONE = (connection, signals) -> {};

    void send(Connection connection, Collection<Signal> signals) throws SQLException;
}
