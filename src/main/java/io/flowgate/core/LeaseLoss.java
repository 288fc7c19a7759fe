package io.flowgate.core;

/**
 * Told when a guarded write was refused because this node no longer holds the row's lease — another node
 * took it over after the lease expired (this node was paused, cut off or too slow), not because the run was
 * cancelled. The cluster package logs who holds the row now and counts it ({@code flowgate_lease_lost_total}).
 */
@FunctionalInterface
public interface LeaseLoss {
    LeaseLoss NONE = (kind, id) -> {};

    /** What kind of row the lease was on; {@link #wire()} is the metric's {@code kind} tag. */
    enum Kind {
        EXECUTION, DELIVERY, TIMER, EVENT;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The lease on row {@code id} of {@code kind} was lost: the write to it was refused. */
    void lost(Kind kind, String id);
}
