/**
 * The execution model and the engine's pure decisions: {@link io.flowgate.engine.Execution} and
 * {@link io.flowgate.engine.StepRun} with their statuses, the legal transitions between those statuses
 * ({@link io.flowgate.engine.Transitions}, one table each), what runs next
 * ({@link io.flowgate.engine.Decisions}), and the {@link io.flowgate.engine.Executions} interface the edges
 * and triggers call, which speaks only these types, and {@link io.flowgate.engine.Waits}, what waiting steps
 * need from the event side (implemented there). Sub-packages: {@code steps} (the StepType service
 * interface and built-ins) and {@code worker} (claiming, leases, timers — the engine part doing I/O).
 * May import {@code core}, {@code expr} and {@code workflow}; never the store ports (they depend on this
 * model), HTTP or JDBC.
 */
package io.flowgate.engine;
