package io.flowgate.trigger.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventTypesTest {
    @Test
    void an_event_type_is_matched_by_itself_its_wildcard_prefixes_and_the_lone_star() {
        assertThat(EventTypes.patternsMatching("com.example.shipment.sent")).containsExactly(
                "com.example.shipment.sent", "com.example.shipment.*", "com.example.*", "com.*", "*");
        assertThat(EventTypes.patternsMatching("plain")).containsExactly("plain", "*");
    }

    @Test
    void a_wildcard_may_only_end_the_type_after_a_dot() {
        assertThat(io.flowgate.workflow.EventTypePattern.problem("com.example.*")).isNull();
        assertThat(io.flowgate.workflow.EventTypePattern.problem("*")).isNull();
        assertThat(io.flowgate.workflow.EventTypePattern.problem("com.example.order.created")).isNull();
        assertThat(io.flowgate.workflow.EventTypePattern.problem("com.*.created")).isNotNull();
        assertThat(io.flowgate.workflow.EventTypePattern.problem("com.example*")).isNotNull();
        assertThat(io.flowgate.workflow.EventTypePattern.problem(".*")).isNotNull();
        assertThat(io.flowgate.workflow.EventTypePattern.problem("")).isNotNull();
    }
}
