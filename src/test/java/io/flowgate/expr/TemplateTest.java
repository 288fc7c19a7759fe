package io.flowgate.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Json;
import io.flowgate.core.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TemplateTest {
    private static final SettableClock CLOCK = new SettableClock(Instant.parse("2026-11-26T10:00:00Z"));
    private static final JsonNode CONTEXT = Json.read("""
            {"steps": {"total": {"outputs": {"total": 12, "currency": "EUR"}, "status": "completed"}},
             "trigger": {"body": {"name": "Ada", "tags": ["x", "y"]}},
             "secrets": {"TOKEN": "s3cret"}}
            """);

    @Test
    void a_string_that_is_one_expression_renders_to_its_json_value() {
        assertThat(Template.parse("{{ steps.total.outputs }}").render(CONTEXT, CLOCK))
                .isEqualTo(Json.read("{\"total\": 12, \"currency\": \"EUR\"}"));
        assertThat(Template.parse("  {{steps.total.outputs.total}} ").render(CONTEXT, CLOCK)).isEqualTo(Json.read("12"));
        assertThat(Template.parse("{{ trigger.body.tags }}").render(CONTEXT, CLOCK)).isEqualTo(Json.read("[\"x\", \"y\"]"));
    }

    @Test
    void mixed_text_is_interpolated_as_a_string() {
        assertThat(Template.parse("Hello {{ trigger.body.name }}, total {{ steps.total.outputs.total }}!").render(CONTEXT, CLOCK)
                .textValue()).isEqualTo("Hello Ada, total 12!");
    }

    @Test
    void objects_and_arrays_interpolate_as_json_text_and_undefined_as_nothing() {
        assertThat(Template.parse("tags={{ trigger.body.tags }} o={{ steps.total.outputs }} u=[{{ nothing }}]")
                .renderText(CONTEXT, CLOCK))
                .isEqualTo("tags=[\"x\",\"y\"] o={\"total\":12,\"currency\":\"EUR\"} u=[]");
    }

    @Test
    void a_whole_value_that_is_undefined_renders_to_null() {
        assertThat(Template.parse("{{ nothing }}").render(CONTEXT, CLOCK)).isNull();
    }

    @Test
    void text_without_expressions_is_returned_as_is() {
        assertThat(Template.hasExpressions("plain { text }")).isFalse();
        assertThat(Template.hasExpressions("a {{ b }}")).isTrue();
        assertThat(Template.parse("plain { text }").render(CONTEXT, CLOCK).textValue()).isEqualTo("plain { text }");
    }

    @Test
    void braces_inside_an_expression_do_not_end_it() {
        assertThat(Template.parse("{{ {\"a\": {\"b\": steps.total.outputs.total}} }}").render(CONTEXT, CLOCK))
                .isEqualTo(Json.read("{\"a\": {\"b\": 12}}"));
        assertThat(Template.parse("x{{ '}}' & trigger.body.name }}").renderText(CONTEXT, CLOCK)).isEqualTo("x}}Ada");
    }

    @Test
    void bad_embedded_expressions_fail_at_parse_time() {
        assertThatThrownBy(() -> Template.parse("Hi {{ trigger.body.( }}"))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("trigger.body.(");
        assertThatThrownBy(() -> Template.parse("Hi {{ name"))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("unclosed");
        assertThatThrownBy(() -> Template.parse("Hi {{ }}"))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void render_tree_renders_every_string_leaf_of_a_deep_copy() {
        JsonNode request = Json.read("""
                {"method": "POST", "url": "https://example.org/{{ trigger.body.name }}",
                 "headers": {"Authorization": "Bearer {{ secrets.TOKEN }}"},
                 "body": "{{ steps.total.outputs }}",
                 "list": ["{{ steps.total.outputs.total }}", 7, true, "{{ nothing }}"],
                 "gone": "{{ nothing }}"}
                """);
        JsonNode rendered = Template.renderTree(request, CONTEXT, CLOCK);
        assertThat(rendered).isEqualTo(Json.read("""
                {"method": "POST", "url": "https://example.org/Ada",
                 "headers": {"Authorization": "Bearer s3cret"},
                 "body": {"total": 12, "currency": "EUR"},
                 "list": [12, 7, true]}
                """));
        assertThat(request.get("body").textValue()).isEqualTo("{{ steps.total.outputs }}");
    }

    @Test
    void now_in_a_template_reads_the_given_clock() {
        SettableClock clock = new SettableClock(Instant.parse("2026-03-01T10:00:00Z"));
        Template sent = Template.parse("sent at {{ $now() }}");
        assertThat(sent.renderText(CONTEXT, clock)).isEqualTo("sent at 2026-03-01T10:00:00.000Z");
        clock.advance(Duration.ofDays(1));
        assertThat(sent.renderText(CONTEXT, clock)).isEqualTo("sent at 2026-03-02T10:00:00.000Z");
        assertThat(Template.renderTree(Json.read("{\"at\": \"{{ $millis() }}\"}"), CONTEXT, clock).get("at").longValue())
                .isEqualTo(Instant.parse("2026-03-02T10:00:00Z").toEpochMilli());
    }
}
