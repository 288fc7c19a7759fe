package io.flowgate.engine;

/**
 * A row that must commit together with an execution insert (a webhook's request-log entry, its
 * idempotency record). Opaque to the engine: the store adapter that made it knows how to write it.
 * Owned here, not by the store ports, so that {@link Executions} speaks only the engine's own types.
 */
public interface SideWrite {}
