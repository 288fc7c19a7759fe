/**
 * Operations: {@link io.flowgate.ops.Metrics}, the Micrometer/Prometheus meters the engine and
 * stores record, exposed at {@code /metrics}. May import {@code core}; no HTTP framework.
 */
package io.flowgate.ops;
