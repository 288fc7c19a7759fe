package io.flowgate.expr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void replaces_every_occurrence_of_every_secret() {
        Redactor redactor = Redactor.of(List.of("hunter2", "s3cr3t-token"));
        assertThat(redactor.redact("pw=hunter2 token=s3cr3t-token again hunter2"))
                .isEqualTo("pw=*** token=*** again ***");
    }

    @Test
    void ignores_values_shorter_than_four_characters() {
        Redactor redactor = Redactor.of(List.of("abc", "", "abcd"));
        assertThat(redactor.redact("abc abcd")).isEqualTo("abc ***");
    }

    @Test
    void masks_a_secret_containing_another_one_whole() {
        Redactor redactor = Redactor.of(List.of("pass", "password123"));
        assertThat(redactor.redact("x password123 pass")).isEqualTo("x *** ***");
    }

    @Test
    void redacts_json_deeply_including_field_names_without_touching_the_input() {
        Redactor redactor = Redactor.of(List.of("hunter2"));
        JsonNode input = Json.read("{\"a\": [\"x hunter2\", 1, {\"hunter2\": \"hunter2\"}], \"b\": null}");
        assertThat(redactor.redact(input)).isEqualTo(Json.read("{\"a\": [\"x ***\", 1, {\"***\": \"***\"}], \"b\": null}"));
        assertThat(input.get("a").get(0).textValue()).isEqualTo("x hunter2");
    }

    @Test
    void returns_the_same_node_when_nothing_is_secret() {
        JsonNode input = Json.read("{\"a\": \"plain\"}");
        assertThat(Redactor.of(List.of("hunter2")).redact(input)).isSameAs(input);
        assertThat(Redactor.NONE.redact(input)).isSameAs(input);
    }

    @Test
    void no_secrets_gives_the_shared_empty_instance() {
        assertThat(Redactor.of(List.of())).isSameAs(Redactor.NONE);
        assertThat(Redactor.of(List.of("ab"))).isSameAs(Redactor.NONE);
        assertThat(Redactor.NONE.redact("anything")).isEqualTo("anything");
        assertThat(Redactor.NONE.redact((String) null)).isNull();
    }
}
