package io.flowgate.trigger.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.core.Json;
import io.flowgate.core.Problem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookTriggerTest {

    static WebhookTrigger.Parsed parse(String json) {
        return WebhookTrigger.parse(Json.read(json), "triggers.webhook");
    }

    static List<String> paths(WebhookTrigger.Parsed p) {
        return p.problems().stream().map(Problem::path).toList();
    }

    @Test
    void an_empty_block_means_post_without_auth_answering_async() {
        WebhookTrigger t = parse("{}").trigger();
        assertThat(t.methods()).containsExactly("POST");
        assertThat(t.auth().type()).isEqualTo(WebhookAuth.Type.NONE);
        assertThat(t.response().mode()).isEqualTo(WebhookResponse.Mode.ASYNC);
        assertThat(t.path().match("")).contains(Map.of());
        assertThat(t.path().match("x")).isEmpty();
    }

    @Test
    void every_wrong_field_is_a_problem_with_its_path() {
        WebhookTrigger.Parsed p = parse("""
                {"path": "a/{b c}", "methods": ["FETCH"], "auth": {"type": "hmac", "scheme": "sha1"},
                 "params": [{"in": "body"}, {"name": "x", "type": "date"}], "condition": "a = ",
                 "response": {"mode": "later", "timeout": "soon"}, "idempotency": {"ttl": 5},
                 "rateLimit": {"perSecond": -1}, "colour": "red"}""");
        assertThat(paths(p)).contains("triggers.webhook.path", "triggers.webhook.methods[0]",
                "triggers.webhook.auth.scheme", "triggers.webhook.params[0].name", "triggers.webhook.params[1].type",
                "triggers.webhook.condition", "triggers.webhook.response.mode", "triggers.webhook.idempotency.ttl",
                "triggers.webhook.rateLimit", "triggers.webhook.colour");
    }

    @Test
    void basic_auth_must_take_its_password_from_a_secret() {
        assertThat(paths(parse("{\"auth\": {\"type\": \"basic\", \"username\": \"u\", \"password\": \"plain\"}}")))
                .containsExactly("triggers.webhook.auth.password");
        assertThat(parse("{\"auth\": {\"type\": \"basic\", \"username\": \"u\", \"password\": \"{{ secrets.PW }}\"}}")
                .problems()).isEmpty();
    }

    @Test
    void path_templates_capture_parameters_segment_by_segment() {
        WebhookTrigger t = parse("{\"path\": \"/orders/{region}/items\"}").trigger();
        assertThat(t.path().match("orders/eu/items")).contains(Map.of("region", "eu"));
        assertThat(t.path().match("/orders/eu/items/")).contains(Map.of("region", "eu"));
        assertThat(t.path().match("orders//items")).isEmpty();
        assertThat(t.path().match("orders/eu")).isEmpty();
        assertThat(t.path().match("other/eu/items")).isEmpty();
    }
}
