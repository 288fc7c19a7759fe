package io.flowgate.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowgate.store.Signal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignalCodecTest {

    @Test
    void signals_travel_with_the_sending_node_and_come_back_as_sent() {
        List<Signal> sent = List.of(Signal.of(Signal.Kind.WORK), Signal.of(Signal.Kind.EXECUTION, "01J exec completed"),
                Signal.of(Signal.Kind.CAPTURE, "+team/wf"), Signal.of(Signal.Kind.EXECUTION, "01K"));
        List<String> payloads = SignalCodec.encode("node-a", sent);
        assertThat(payloads).hasSize(1);
        SignalCodec.Decoded d = SignalCodec.decode(payloads.getFirst());
        assertThat(d.node()).isEqualTo("node-a");
        assertThat(d.signals()).containsExactlyElementsOf(sent);
        assertThat(d.signals().get(1).executionId()).isEqualTo("01J");
        assertThat(d.signals().get(1).status()).isEqualTo("exec completed");
        assertThat(d.signals().get(3).status()).isNull();
    }

    @Test
    void a_thousand_changes_are_packed_into_a_few_payloads_each_under_the_postgres_limit() {
        List<Signal> sent = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            sent.add(Signal.of(Signal.Kind.EXECUTION, "%026d inProgress".formatted(i)));
        }
        List<String> payloads = SignalCodec.encode("node-ü", sent);
        assertThat(payloads.size()).isBetween(2, 10);
        assertThat(payloads).allMatch(p -> p.getBytes(StandardCharsets.UTF_8).length <= SignalCodec.MAX_BYTES);
        List<Signal> back = payloads.stream().flatMap(p -> SignalCodec.decode(p).signals().stream()).toList();
        assertThat(back).containsExactlyElementsOf(sent);
    }

    @Test
    void lines_of_a_kind_this_node_does_not_know_are_skipped() {
        SignalCodec.Decoded d = SignalCodec.decode("node-b\nZfuture\nw\n");
        assertThat(d.signals()).containsExactly(Signal.of(Signal.Kind.WORK));
    }

    @Test
    void nothing_to_send_is_no_payload() {
        assertThat(SignalCodec.encode("n", List.of())).isEmpty();
    }

    @Test
    void a_subject_must_be_one_short_line() {
        assertThatThrownBy(() -> Signal.of(Signal.Kind.EXECUTION, "a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Signal.of(Signal.Kind.EXECUTION, "x".repeat(Signal.MAX_SUBJECT + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
