package io.flowgate.store;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process side of {@link ClusterSignals}: keeps the subscribers and hands each arriving signal to
 * those of its kind. Whatever listens to the database (PostgreSQL's LISTEN) feeds it; with SQLite nothing
 * does, so it stays silent. A failing subscriber is logged and never stops the others.
 */
public final class SignalHub implements ClusterSignals {
    private static final Logger LOG = LoggerFactory.getLogger(SignalHub.class);

    private record Subscriber(Set<Signal.Kind> kinds, Listener listener) {}

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    @Override
    public AutoCloseable subscribe(Set<Signal.Kind> kinds, Listener listener) {
        Subscriber s = new Subscriber(Set.copyOf(kinds), listener);
        subscribers.add(s);
        return () -> subscribers.remove(s);
    }

    /** One signal from another node. */
    public void dispatch(Signal signal) {
        for (Subscriber s : subscribers) {
            if (s.kinds().contains(signal.kind())) {
                try {
                    s.listener().signal(signal);
                } catch (RuntimeException e) {
                    LOG.warn("Signal subscriber failed on {}", signal, e);
                }
            }
        }
    }

    /** Signals may have been lost: every subscriber looks again. */
    public void missed() {
        for (Subscriber s : subscribers) {
            try {
                s.listener().missed();
            } catch (RuntimeException e) {
                LOG.warn("Signal subscriber failed after a gap", e);
            }
        }
    }
}
