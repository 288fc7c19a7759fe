package io.flowgate.store.jdbc;

import io.flowgate.engine.Execution;
import io.flowgate.engine.SideWrite;

/**
 * A row written in the same unit as an execution insert. Runs before the execution row; returning
 * false declines the whole unit (nothing of it may have been written yet, so decliners go first).
 * Like every unit, it may run more than once and must only touch its {@link Tx}.
 */
@FunctionalInterface
public interface JdbcSideWrite extends SideWrite {
    boolean write(Tx tx, Execution execution);

    /**
     * The one existing row this write may wait for (a {@link LockOrder} key), or null when it only
     * writes rows with fresh ids. See the lock rule in {@link GroupCommitter}.
     */
    default String lockKey() {
        return null;
    }
}
