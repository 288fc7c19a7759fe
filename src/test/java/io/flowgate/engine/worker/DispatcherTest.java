package io.flowgate.engine.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class DispatcherTest {

    @Test
    void admitted_starts_and_caught_up_slots_are_driven_and_dropped_ones_are_not() throws Exception {
        List<String> driven = new CopyOnWriteArrayList<>();
        Dispatcher dispatcher = new Dispatcher(4, driven::add,
                due -> List.of(due.getFirst(), "caught-up")); // the second slot was dropped by a policy
        dispatcher.admitThenDispatch(List.of("slot-1", "slot-2"));
        assertThat(dispatcher.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(driven).containsExactlyInAnyOrder("slot-1", "caught-up");
    }

    @Test
    void a_failed_admission_drives_nothing_and_leaves_the_dispatcher_idle() throws Exception {
        List<String> driven = new CopyOnWriteArrayList<>();
        Dispatcher dispatcher = new Dispatcher(4, driven::add, due -> {
            throw new IllegalStateException("store down");
        });
        dispatcher.admitThenDispatch(List.of("slot-1"));
        assertThat(dispatcher.awaitIdle(Duration.ofSeconds(5))).isTrue();
        dispatcher.dispatch("next");
        assertThat(dispatcher.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(driven).containsExactly("next");
    }
}
