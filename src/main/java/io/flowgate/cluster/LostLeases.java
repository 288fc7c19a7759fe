package io.flowgate.cluster;

import io.flowgate.core.LeaseLoss;
import io.flowgate.core.LeaseOwner;
import io.flowgate.store.NodeStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one line per lost lease — naming who holds the row now — and counts it. A lost lease is expected after
 * this node was paused or cut off for longer than its lease; often it means the lease is too short for the
 * database's or this machine's pauses.
 */
public final class LostLeases implements LeaseLoss {
    private static final Logger LOG = LoggerFactory.getLogger(LostLeases.class);

    private final NodeStore store;
    private final LeaseOwner self;
    private final MembershipListener listener;

    public LostLeases(NodeStore store, LeaseOwner self, MembershipListener listener) {
        this.store = store;
        this.self = self;
        this.listener = listener;
    }

    @Override
    public void lost(Kind kind, String id) {
        String holder;
        try {
            holder = store.holder(kind, id).orElse("nobody (released or finished)");
        } catch (RuntimeException e) {
            holder = "unknown (" + e.getMessage() + ")";
        }
        LOG.warn("Lease lost: {} {} is held by {} now, not by this node ({}); its write was refused",
                kind.wire(), id, holder, self);
        listener.leaseLost(kind);
    }
}
