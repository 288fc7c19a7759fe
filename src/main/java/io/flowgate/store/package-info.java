/**
 * Store ports: the interfaces through which the engine's workers, triggers, delivery, secrets and auth
 * persist state, and the few records they exchange. They speak the engine's model types; the engine itself
 * never imports them. Implementations live in {@code store.jdbc}.
 * May import {@code core}, {@code workflow} and the {@code engine} model; never JDBC.
 */
package io.flowgate.store;
