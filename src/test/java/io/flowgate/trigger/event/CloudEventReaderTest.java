package io.flowgate.trigger.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowgate.core.BadRequestException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudEventReaderTest {
    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void structured_mode_keeps_the_attributes_and_json_data() {
        List<EventDocument> docs = CloudEventReader.read("application/cloudevents+json; charset=utf-8", Map.of(),
                bytes("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\",\"subject\":\"x\","
                        + "\"time\":\"2026-11-26T10:00:00+01:00\",\"data\":{\"a\":1}}"));
        assertThat(docs).hasSize(1);
        EventDocument d = docs.getFirst();
        assertThat(d.toJson().toString()).isEqualTo("{\"id\":\"1\",\"type\":\"t\",\"source\":\"/s\",\"subject\":\"x\","
                + "\"time\":\"2026-11-26T09:00:00Z\",\"data\":{\"a\":1}}");
    }

    @Test
    void binary_mode_reads_text_data_as_text_and_json_data_as_json() {
        Map<String, List<String>> headers = Map.of("ce-specversion", List.of("1.0"), "ce-id", List.of("2"),
                "ce-source", List.of("/s"), "ce-type", List.of("t"), "content-type", List.of("text/plain"));
        assertThat(CloudEventReader.read("text/plain", headers, bytes("hello")).getFirst().data().asText())
                .isEqualTo("hello");
    }

    @Test
    void an_unknown_specversion_or_a_bad_time_is_a_bad_request() {
        assertThatThrownBy(() -> CloudEventReader.read("application/cloudevents+json", Map.of(),
                bytes("{\"specversion\":\"9.9\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\"}")))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> CloudEventReader.read("application/cloudevents+json", Map.of(),
                bytes("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\",\"time\":\"soon\"}")))
                .isInstanceOf(BadRequestException.class);
    }

    @Test
    void a_batch_names_every_bad_event() {
        assertThatThrownBy(() -> CloudEventReader.read("application/cloudevents-batch+json", Map.of(),
                bytes("[{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\"}, 5]")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("event[0] lacks type").hasMessageContaining("event[1] is not a JSON object");
    }

    /** Found by CloudEventReaderFuzzTest: {@code Content-Type: ;} split to nothing and answered 500. */
    @Test
    void a_content_type_of_only_parameters_is_an_unsupported_encoding_not_a_crash() {
        for (String type : List.of(";", ";;", " ; charset=utf-8", "")) {
            assertThatThrownBy(() -> CloudEventReader.read(type, Map.of(), bytes("{}")))
                    .as(type).isInstanceOf(BadRequestException.class)
                    .hasFieldOrPropertyWithValue("code", "unsupported_event_encoding");
        }
    }

    /** Found by CloudEventReaderFuzzTest: the SDK read the last of two ce-type headers, an empty one, unchecked. */
    @Test
    void a_repeated_required_header_is_a_bad_request() {
        Map<String, List<String>> headers = Map.of("ce-specversion", List.of("1.0"), "ce-id", List.of("2"),
                "ce-source", List.of("/s"), "ce-type", List.of("t", ""));
        assertThatThrownBy(() -> CloudEventReader.read("text/plain", headers, bytes("hello")))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("repeats the header(s) ce-type");
    }
}
