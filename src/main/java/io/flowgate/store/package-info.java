/**
 * Store ports: the interfaces through which the engine's workers, triggers, delivery, secrets and auth
 * persist state, and the few records they exchange. They speak the engine's model types; the engine itself
 * never imports them. Implementations live in {@code store.jdbc}. {@code ClusterSignals} is how a node hears
 * of other nodes' changes (LISTEN/NOTIFY behind it); {@code SignalHub} is its in-process side.
 * May import {@code core}, {@code workflow} and the {@code engine} model; never JDBC.
 */
package io.flowgate.store;
