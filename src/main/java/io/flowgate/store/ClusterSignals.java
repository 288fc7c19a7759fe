package io.flowgate.store;

import java.util.Set;

/**
 * Signals from the other nodes of a cluster (see {@link Signal}). Stores send them with the writes that
 * cause them; parts of a node subscribe here to be woken at once instead of at their next poll. A node
 * never receives its own signals: it acted on its own change already.
 *
 * <p>Signals can be lost (a dropped connection): every subscriber keeps a fallback poll, and after a gap
 * it is told {@link Listener#missed()} so it can look again at once. On SQLite (one node) nothing
 * arrives.
 */
public interface ClusterSignals {

    /** Calls {@code listener} for every signal of these kinds from another node, until the handle is closed. */
    AutoCloseable subscribe(Set<Signal.Kind> kinds, Listener listener);

    /** Called on the signal thread: must be quick (hand slow work to another thread). */
    interface Listener {
        void signal(Signal signal);

        /** Signals may have been lost (the listening connection was re-established): look again now. */
        default void missed() {}

        /** A listener that only wakes something, whichever signal came. */
        static Listener waking(Runnable wake) {
            return new Listener() {
                @Override
                public void signal(Signal signal) {
                    wake.run();
                }

                @Override
                public void missed() {
                    wake.run();
                }
            };
        }
    }
}
