package io.flowgate.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.core.Json;
import io.flowgate.trigger.event.EventDocument;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Broker messages into events: CloudEvents read as such (binary and structured), everything else wrapped. */
class MessageEventsTest {
    static final SourceSpec NATS = SourceSpec.parse(Json.read(
            "{\"name\":\"s\",\"connection\":\"shop\",\"nats\":{\"stream\":\"S\",\"subject\":\"orders.>\"}}"));

    static Incoming message(String contentType, Map<String, String> ce, String body) {
        return new Incoming("orders.eu", "42", contentType, ce, body.getBytes(StandardCharsets.UTF_8), null);
    }

    @Test
    void a_plain_json_message_is_wrapped_with_the_defaults() {
        EventDocument e = MessageEvents.toEvent(NATS, message(null, Map.of(), "{\"a\":1}"));
        assertThat(e.id()).isEqualTo("42");
        assertThat(e.type()).isEqualTo("flowgate.message");
        assertThat(e.source()).isEqualTo("shop/orders.>");
        assertThat(e.subject()).isEqualTo("orders.eu");
        assertThat(e.data().path("a").asInt()).isEqualTo(1);
    }

    @Test
    void a_text_message_keeps_its_text_and_an_empty_one_has_no_data() {
        assertThat(MessageEvents.toEvent(NATS, message("text/plain", Map.of(), "hello")).data().asText())
                .isEqualTo("hello");
        assertThat(MessageEvents.toEvent(NATS, message(null, Map.of(), "")).data()).isNull();
    }

    @Test
    void configured_type_and_source_name_wrapped_messages() {
        SourceSpec spec = SourceSpec.parse(Json.read("{\"name\":\"s\",\"connection\":\"shop\",\"amqp\":{\"queue\":\"q\"},"
                + "\"event\":{\"type\":\"com.shop.paid\",\"source\":\"/shop/payments\"}}"));
        EventDocument e = MessageEvents.toEvent(spec, message(null, Map.of(), "{}"));
        assertThat(e.type()).isEqualTo("com.shop.paid");
        assertThat(e.source()).isEqualTo("/shop/payments");
    }

    @Test
    void structured_and_binary_cloud_events_are_read_as_such() {
        String ce = "{\"specversion\":\"1.0\",\"id\":\"c-1\",\"source\":\"/s\",\"type\":\"t.a\",\"data\":{\"x\":2}}";
        EventDocument structured = MessageEvents.toEvent(NATS, message(null, Map.of(), ce));
        assertThat(structured.id()).isEqualTo("c-1");
        assertThat(structured.data().path("x").asInt()).isEqualTo(2);
        EventDocument binary = MessageEvents.toEvent(NATS, message("application/json", Map.of("ce-specversion", "1.0",
                "ce-id", "b-1", "ce-source", "/b", "ce-type", "t.b", "ce-subject", "sub"), "{\"y\":3}"));
        assertThat(binary.id()).isEqualTo("b-1");
        assertThat(binary.source()).isEqualTo("/b");
        assertThat(binary.subject()).isEqualTo("sub");
        assertThat(binary.data().path("y").asInt()).isEqualTo(3);
    }

    @Test
    void a_message_that_only_looks_like_a_cloud_event_is_wrapped_not_dropped() {
        EventDocument e = MessageEvents.toEvent(NATS, message("application/cloudevents+json", Map.of(),
                "{\"specversion\":\"1.0\",\"type\":\"t\"}"));
        assertThat(e.id()).isEqualTo("42");
        assertThat(e.data().path("specversion").asText()).isEqualTo("1.0");
        EventDocument bad = MessageEvents.toEvent(NATS, message(null, Map.of("ce-specversion", "1.0"), "x"));
        assertThat(bad.id()).isEqualTo("42");
    }
}
