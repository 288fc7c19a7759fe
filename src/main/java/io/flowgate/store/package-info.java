/**
 * Store ports: the interfaces through which engine, triggers and delivery persist state.
 * Implementations live in {@code store.jdbc}. May import {@code core}, {@code workflow} and
 * the engine's model records; never JDBC.
 */
package io.flowgate.store;
