package io.flowgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SignalHubTest {
    final SignalHub hub = new SignalHub();

    @Test
    void each_subscriber_gets_only_the_kinds_it_asked_for_until_it_unsubscribes() throws Exception {
        List<Signal> work = new ArrayList<>();
        List<Signal> executions = new ArrayList<>();
        AutoCloseable w = hub.subscribe(EnumSet.of(Signal.Kind.WORK), work::add);
        hub.subscribe(EnumSet.of(Signal.Kind.EXECUTION), executions::add);
        hub.dispatch(Signal.of(Signal.Kind.WORK));
        hub.dispatch(Signal.of(Signal.Kind.EXECUTION, "e-1 completed"));
        hub.dispatch(Signal.of(Signal.Kind.EVENT));
        w.close();
        hub.dispatch(Signal.of(Signal.Kind.WORK, "5"));
        assertThat(work).containsExactly(Signal.of(Signal.Kind.WORK));
        assertThat(executions).containsExactly(Signal.of(Signal.Kind.EXECUTION, "e-1 completed"));
    }

    @Test
    void a_failing_subscriber_does_not_keep_the_others_from_their_signal_or_a_gap() {
        AtomicInteger woken = new AtomicInteger();
        hub.subscribe(EnumSet.allOf(Signal.Kind.class), new ClusterSignals.Listener() {
            @Override
            public void signal(Signal signal) {
                throw new IllegalStateException("broken subscriber");
            }

            @Override
            public void missed() {
                throw new IllegalStateException("broken subscriber");
            }
        });
        hub.subscribe(EnumSet.of(Signal.Kind.DELIVERY), ClusterSignals.Listener.waking(woken::incrementAndGet));
        hub.dispatch(Signal.of(Signal.Kind.DELIVERY));
        hub.missed();
        assertThat(woken).hasValue(2);
    }
}
