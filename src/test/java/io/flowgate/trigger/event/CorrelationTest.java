package io.flowgate.trigger.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Json;
import org.junit.jupiter.api.Test;

class CorrelationTest {
    static final java.time.Clock CLOCK = java.time.Clock.systemUTC();
    static final JsonNode RUN = Json.read("{\"inputs\": {\"orderId\": \"A-1\", \"n\": 5}}");
    static final JsonNode EVENT = Json.read("{\"type\": \"t\", \"data\": {\"orderId\": \"A-1\", \"n\": 5.0}}");

    @Test
    void an_equality_between_an_event_path_and_a_run_path_has_a_key_either_way_round() {
        assertThat(Correlation.key("event.data.orderId = inputs.orderId", RUN, CLOCK))
                .contains(new Correlation.Key("data.orderId", "s:A-1"));
        assertThat(Correlation.key("inputs.n = event.data.n", RUN, CLOCK)).contains(new Correlation.Key("data.n", "n:5"));
        assertThat(Correlation.valueAt(EVENT, "data.n")).contains("n:5");
        assertThat(Correlation.valueAt(EVENT, "data.orderId")).contains("s:A-1");
        assertThat(Correlation.valueAt(EVENT, "data.missing")).isEmpty();
    }

    @Test
    void other_shapes_have_no_key_and_are_evaluated_in_full() {
        assertThat(Correlation.key("event.data.orderId = inputs.orderId and inputs.n > 1", RUN, CLOCK)).isEmpty();
        assertThat(Correlation.key("event.data.n > inputs.n", RUN, CLOCK)).isEmpty();
        assertThat(Correlation.key("event.data.orderId != inputs.orderId", RUN, CLOCK)).isEmpty();
        assertThat(Correlation.key("$lowercase(event.data.orderId) = inputs.orderId", RUN, CLOCK)).isEmpty();
        assertThat(Correlation.key("event.data.orderId = event.data.other", RUN, CLOCK)).isEmpty();
        assertThat(Correlation.holds("event.data.orderId = inputs.orderId and inputs.n > 1", EVENT, RUN, CLOCK)).isTrue();
        assertThat(Correlation.holds("event.data.n > inputs.n", EVENT, RUN, CLOCK)).isFalse();
        assertThat(Correlation.holds(null, EVENT, RUN, CLOCK)).isTrue();
        assertThat(Correlation.holds("$error('boom')", EVENT, RUN, CLOCK)).isFalse();
    }
}
