package io.flowgate.trigger.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flowgate.core.Json;
import io.flowgate.core.Problem;
import io.flowgate.core.SettableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a static reply renders and how a reply's body and Content-Type are chosen. */
class WebhookReplyTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T10:00:00Z"));

    private WebhookReply renderStatic(String response) {
        List<Problem> problems = new ArrayList<>();
        WebhookResponse cfg = WebhookResponse.parse(Json.read(response), "response", problems);
        assertThat(problems).isEmpty();
        ObjectNode trigger = Json.object();
        trigger.putObject("body").put("name", "ada");
        return StaticReply.render(cfg, trigger, clock);
    }

    @Test
    void a_string_body_that_is_json_is_sent_as_that_text_with_a_json_type() {
        WebhookReply r = renderStatic("{\"mode\": \"static\", \"status\": 201, \"body\": \"{\\\"ok\\\": true}\"}");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.body()).isEqualTo(TextNode.valueOf("{\"ok\": true}"));
        assertThat(r.contentType()).isEqualTo("application/json");
    }

    @Test
    void a_string_body_that_is_not_json_is_plain_text() {
        WebhookReply r = renderStatic("{\"mode\": \"static\", \"body\": \"thanks {{ trigger.body.name }}\"}");
        assertThat(r.body()).isEqualTo(TextNode.valueOf("thanks ada"));
        assertThat(r.contentType()).isEqualTo("text/plain; charset=utf-8");
    }

    @Test
    void a_configured_content_type_wins_over_what_the_text_looks_like() {
        WebhookReply r = renderStatic("""
                {"mode": "static", "headers": {"content-type": "application/vnd.acme+json"},
                 "body": "{\\"name\\": \\"{{ trigger.body.name }}\\"}"}""");
        assertThat(r.body().asText()).isEqualTo("{\"name\": \"ada\"}");
        assertThat(r.contentType()).isEqualTo("application/vnd.acme+json");
    }

    @Test
    void an_object_body_is_json_with_its_strings_rendered() {
        WebhookReply r = renderStatic("{\"mode\": \"static\", \"body\": {\"ok\": true, \"who\": \"{{ trigger.body.name }}\"}}");
        assertThat(r.body()).isEqualTo(Json.read("{\"ok\": true, \"who\": \"ada\"}"));
        assertThat(r.contentType()).isEqualTo("application/json");
    }

    @Test
    void a_whole_value_template_keeps_the_value_it_names() {
        WebhookReply r = renderStatic("{\"mode\": \"static\", \"body\": \"{{ trigger.body }}\"}");
        assertThat(r.body()).isEqualTo(Json.read("{\"name\": \"ada\"}"));
        assertThat(r.contentType()).isEqualTo("application/json");
    }

    @Test
    void a_json_string_answer_is_held_as_its_json_text_so_it_stays_json() {
        WebhookReply r = WebhookReply.json(200, TextNode.valueOf("abc"));
        assertThat(r.body()).isEqualTo(TextNode.valueOf("\"abc\""));
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(WebhookReply.json(200, Json.read("6")).body().asInt()).isEqualTo(6);
    }

    @Test
    void only_one_whole_json_value_counts_as_json() {
        assertThat(WebhookReply.parsesAsJson("{\"a\": 1}")).isTrue();
        assertThat(WebhookReply.parsesAsJson("\"x\"")).isTrue();
        assertThat(WebhookReply.parsesAsJson("{\"a\": 1} and more")).isFalse();
        assertThat(WebhookReply.parsesAsJson("ok")).isFalse();
        assertThat(WebhookReply.parsesAsJson("")).isFalse();
        assertThat(new WebhookReply(204, Map.of(), null).contentType()).isNull();
    }
}
