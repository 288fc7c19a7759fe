package io.flowgate.trigger.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.core.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookFormTest {
    static final String TRIGGER = """
            {"auth": "none", "form": {"title": "Order", "description": "Tell us"},
             "params": [{"name": "customer.name", "type": "string", "required": true, "label": "Your name"},
                        {"name": "qty", "type": "integer"}, {"name": "price", "type": "number"},
                        {"name": "gift", "type": "boolean"}, {"name": "tags", "type": "array"},
                        {"name": "page", "in": "query", "type": "integer"}, {"name": "$", "type": "object"}]}""";

    @Test
    void fields_are_the_body_params_with_their_labels() {
        WebhookForm form = WebhookForm.of(Json.read(TRIGGER)).orElseThrow();
        assertThat(form.title()).isEqualTo("Order");
        assertThat(form.fields()).extracting(WebhookForm.Field::name).containsExactly("customer.name", "qty", "price", "gift", "tags");
        assertThat(form.fields().getFirst()).isEqualTo(new WebhookForm.Field("customer.name", "Your name", "string", true));
        assertThat(form.fields().get(1).label()).isEqualTo("qty");
    }

    @Test
    void submitted_text_becomes_a_typed_nested_body() {
        WebhookForm form = WebhookForm.of(Json.read(TRIGGER)).orElseThrow();
        var body = form.body(Map.of("customer.name", List.of("Ann"), "qty", List.of("3"), "price", List.of("9.5"),
                "tags", List.of("[\"a\"]")));
        assertThat(body.toString()).isEqualTo(
                "{\"customer\":{\"name\":\"Ann\"},\"qty\":3,\"price\":9.5,\"gift\":false,\"tags\":[\"a\"]}");
        assertThat(form.body(Map.of("qty", List.of("three"), "price", List.of(""))).toString())
                .isEqualTo("{\"qty\":\"three\",\"gift\":false}");
    }

    @Test
    void a_form_is_off_when_absent_or_false_and_refused_unless_auth_is_none() {
        assertThat(WebhookForm.of(Json.read("{\"form\": false}"))).isEmpty();
        assertThat(WebhookForm.of(Json.read("{}"))).isEmpty();
        assertThat(WebhookForm.problems(Json.read("true"), WebhookAuth.Type.NONE, "f")).isEmpty();
        assertThat(WebhookForm.problems(Json.read("true"), WebhookAuth.Type.TOKEN, "f")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("needs auth 'none'", "'token'"));
        assertThat(WebhookForm.problems(Json.read("{\"colour\": \"red\"}"), WebhookAuth.Type.NONE, "f")).singleElement()
                .satisfies(p -> assertThat(p.path()).isEqualTo("f.colour"));
        assertThat(WebhookForm.problems(Json.read("3"), WebhookAuth.Type.NONE, "f")).hasSize(1);
    }
}
