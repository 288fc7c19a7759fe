package io.flowgate.cluster;

import io.flowgate.core.LeaseLoss;
import java.time.Duration;

/** What membership reports as it happens; the composition root adapts it to metrics. */
public interface MembershipListener {
    MembershipListener NONE = new MembershipListener() {};

    /** This node went {@code silent} without a successful heartbeat, longer than its lease (paused, cut off). */
    default void paused(Duration silent) {}

    /** A guarded write of this node was refused because another owner holds the row (or drove it on). */
    default void leaseLost(LeaseLoss.Kind kind) {}
}
