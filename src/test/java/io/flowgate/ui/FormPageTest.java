package io.flowgate.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.core.Json;
import io.flowgate.trigger.webhook.WebhookForm;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormPageTest {
    @Test
    void every_value_from_the_workflow_is_escaped() {
        WebhookForm form = new WebhookForm("<b>T</b>", "a \"quote\" & 'apostrophe'",
                List.of(new WebhookForm.Field("x\"><script>", "<img src=x>", "string", true)));
        String html = FormPage.form(form, "/forms/abc");
        assertThat(html).contains("&lt;b&gt;T&lt;/b&gt;", "a &quot;quote&quot; &amp; &#39;apostrophe&#39;",
                "name=\"x&quot;&gt;&lt;script&gt;\"", "&lt;img src=x&gt;").doesNotContain("<script>", "<img", "<b>");
    }

    @Test
    void input_types_follow_param_types_and_required_fields_are_marked() {
        WebhookForm form = new WebhookForm("T", null, List.of(new WebhookForm.Field("n", "n", "integer", true),
                new WebhookForm.Field("p", "p", "number", false), new WebhookForm.Field("b", "b", "boolean", false),
                new WebhookForm.Field("o", "o", "object", false)));
        String html = FormPage.form(form, "/forms/abc");
        assertThat(html).contains("<input type=\"number\" step=\"1\" id=\"f0\" name=\"n\" required aria-required=\"true\">",
                "<input type=\"number\" step=\"any\" id=\"f1\" name=\"p\">", "<input type=\"checkbox\" id=\"f2\" name=\"b\">",
                "<textarea rows=\"4\" id=\"f3\" name=\"o\"", "<label for=\"f0\">n <span class=\"required\"");
    }

    @Test
    void an_accepted_submission_thanks_with_the_activity_id_and_a_refusal_shows_its_error_as_text() {
        assertThat(FormPage.reply("T", 202, Json.read("{\"activityId\": \"abc123\"}")))
                .contains("Thank you", "<code>abc123</code>");
        assertThat(FormPage.reply("T", 400, Json.read("{\"code\": \"missing_required_parameters\", \"msg\": \"<x>\"}")))
                .contains("role=\"alert\"", "missing_required_parameters", "&lt;x&gt;").doesNotContain("<x>");
    }
}
