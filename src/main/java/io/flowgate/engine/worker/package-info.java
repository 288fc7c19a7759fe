/**
 * The engine part doing I/O: {@link io.flowgate.engine.worker.Engine} (what the edges call, through the
 * {@code Executions} interface), the dispatcher and the per-execution driver that run step attempts and
 * persist every change as a {@code Transition}, the claim loop, leases and heartbeats, the durable timer,
 * admission of deferred starts, and the outbound messages a change causes
 * ({@link io.flowgate.engine.worker.OutboundMessages}, committed with it as an outbox).
 * May import {@code core}, {@code expr}, {@code workflow}, {@code engine}, {@code engine.steps} and the
 * {@code store} ports; never {@code delivery}, triggers, JDBC or HTTP.
 */
package io.flowgate.engine.worker;
