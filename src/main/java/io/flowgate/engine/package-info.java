/**
 * The engine: execution and step state, legal transitions, the pure decisions of what runs
 * next. Sub-packages: {@code steps} (the StepType service interface and built-ins) and
 * {@code worker} (claiming, leases, timers — the only engine part doing I/O, through store ports).
 * May import {@code core}, {@code workflow}, {@code expr}, {@code store} ports. No HTTP, no JDBC.
 */
package io.flowgate.engine;
