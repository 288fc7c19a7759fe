package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The console's server side over real HTTP, on SQLite and on PostgreSQL: security headers on every console
 * page, {@code GET /api/v1/me}, the workflow list's hookId search, trigger kinds and pages, and public forms
 * (rendered escaped, submitted like a webhook call, refused at save time unless the trigger's auth is none).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConsoleApiContract {
    static final String LOG_STEP = "steps:\n  - id: a\n    type: log\n    message: hi\n";
    Path dir;
    TestServer server;
    Http admin;
    Http anon;

    abstract TestServer startServer(Path dir) throws Exception;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("flowgate-console");
        server = startServer(dir);
        admin = server.http();
        anon = admin.withKey(null);
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void every_console_page_carries_a_strict_content_security_policy() {
        for (String path : List.of("/", "/api/docs", "/ui/app.js", "/ui/console.css",
                "/webjars/swagger-ui/5.34.1/swagger-ui-bundle.js", "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js")) {
            Http.Reply r = anon.get(path);
            assertThat(r.status()).as(path).isEqualTo(200);
            String csp = r.header("Content-Security-Policy");
            assertThat(csp).as(path).contains("default-src 'none'", "script-src 'self'", "style-src 'self'",
                    "frame-ancestors 'none'");
            assertThat(csp).as(path).doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        }
        assertThat(anon.get("/").raw().body()).contains("Flowgate").doesNotContain("<script>");
    }

    @Test
    void assets_answer_304_to_their_etag_and_webjars_may_be_kept() {
        Http.Reply first = anon.get("/ui/app.js");
        String etag = first.header("ETag");
        assertThat(etag).startsWith("\"");
        Http.Reply again = anon.send(anon.request("/ui/app.js").header("If-None-Match", etag).GET());
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.raw().body()).isEmpty();
        assertThat(anon.get("/webjars/uplot/1.6.30/dist/uPlot.min.css").header("Cache-Control")).contains("immutable");
        assertThat(first.header("Cache-Control")).isEqualTo("no-cache");
    }

    @Test
    void assets_outside_the_console_folder_and_other_webjars_are_not_served() {
        assertThat(anon.get("/ui/../openapi.json").status()).isEqualTo(404);
        assertThat(anon.get("/ui/missing.js").status()).isEqualTo(404);
        assertThat(anon.get("/webjars/other/1.0/x.js").status()).isEqualTo(404);
        Http.Reply r = anon.get("/ui/nothing.exe");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("code").asText()).isEqualTo("file_not_found");
    }

    @Test
    void me_names_the_calling_key_and_its_role() {
        JsonNode me = admin.get("/api/v1/me").json();
        assertThat(me.get("role").asText()).isEqualTo("admin");
        assertThat(me.has("name")).isTrue();
        String viewer = admin.postJson("/api/v1/keys", Map.of("name", "eve", "role", "viewer", "teams", List.of("sales")))
                .json().get("key").asText();
        JsonNode v = admin.withKey(viewer).get("/api/v1/me").json();
        assertThat(v.get("name").asText()).isEqualTo("eve");
        assertThat(v.get("role").asText()).isEqualTo("viewer");
        assertThat(v.get("team").asText()).isEqualTo("sales");
        assertThat(anon.get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void the_workflow_list_finds_a_webhook_by_its_hook_id_names_trigger_kinds_and_pages() {
        save("id: ui-hooked\nname: Hooked\ntriggers:\n  webhook: {auth: none}\n  manual: {}\n" + LOG_STEP);
        save("id: ui-plain\nname: Plain\n" + LOG_STEP);
        String hookId = admin.get("/api/v1/workflows/ui-hooked").json().at("/webhook/hookId").asText();
        JsonNode found = admin.get("/api/v1/workflows?q=" + hookId).json().get("items");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).get("id").asText()).isEqualTo("ui-hooked");
        assertThat(found.get(0).get("triggers")).extracting(JsonNode::asText).containsExactly("manual", "webhook");
        assertThat(found.get(0).get("lastRun").isNull()).isTrue();
        String run = admin.postJson("/api/v1/workflows/ui-hooked/executions", Map.of()).json().get("activityId").asText();
        JsonNode last = admin.get("/api/v1/workflows?q=" + hookId).json().at("/items/0/lastRun");
        assertThat(last.get("id").asText()).isEqualTo(run);
        assertThat(last.has("status")).isTrue();
        String url = admin.get("/api/v1/workflows/ui-hooked").json().at("/webhook/url").asText();
        assertThat(admin.get("/api/v1/workflows?q=" + java.net.URLEncoder.encode(url + "/sub",
                java.nio.charset.StandardCharsets.UTF_8)).json().get("items")).hasSize(1);

        for (int i = 0; i < 3; i++) {
            save("id: ui-page-" + i + "\n" + LOG_STEP);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = admin.get("/api/v1/workflows?q=ui-page&limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.get("items").forEach(w -> seen.add(w.get("id").asText()));
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
        } while (cursor != null);
        assertThat(seen).containsExactly("ui-page-0", "ui-page-1", "ui-page-2");
        assertThat(admin.get("/api/v1/workflows?cursor=x").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/workflows?limit=501").status()).isEqualTo(400);
    }

    @Test
    void a_public_form_renders_escaped_fields_and_submits_like_a_webhook_call() {
        save("id: ui-form\nname: Form <b>bold</b>\ntriggers:\n  webhook:\n    auth: none\n    form: {description: 'Tell us <script>x</script>'}\n"
                + "    params:\n      - {name: customer.name, type: string, required: true, label: Your name}\n"
                + "      - {name: qty, type: integer}\n      - {name: gift, type: boolean}\n"
                + "steps:\n  - id: a\n    type: transform\n    output: '{ \"body\": trigger.body }'\n");
        String hookId = admin.get("/api/v1/workflows/ui-form").json().at("/webhook/hookId").asText();
        Http.Reply page = anon.get("/forms/" + hookId);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'");
        assertThat(page.raw().body()).contains("Form &lt;b&gt;bold&lt;/b&gt;", "Tell us &lt;script&gt;", ">Your name",
                "type=\"number\" step=\"1\"", "type=\"checkbox\"", "required", "<button type=\"submit\">Submit</button>")
                .doesNotContain("<script>", "<b>");

        Http.Reply submitted = anon.send(anon.request("/forms/" + hookId)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("customer.name=%3Cimg%20src%3Dx%3E&qty=3&gift=on")));
        assertThat(submitted.status()).isEqualTo(202);
        assertThat(submitted.raw().body()).contains("Thank you", "Activity id").doesNotContain("<img");
        String activityId = submitted.raw().body().replaceAll("(?s).*<code>([^<]+)</code>.*", "$1");
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/api/v1/executions/" + activityId).json()
                .path("status").asText().equals("completed"));
        JsonNode body = admin.get("/api/v1/executions/" + activityId).json().at("/steps/0/outputs/body");
        assertThat(body.at("/customer/name").asText()).isEqualTo("<img src=x>");
        assertThat(body.get("qty").isIntegralNumber()).isTrue();
        assertThat(body.get("gift").asBoolean()).isTrue();

        Http.Reply missing = anon.send(anon.request("/forms/" + hookId)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("qty=1")));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.raw().body()).contains("missing_required_parameters");
    }

    /** Found by HttpRouteFuzzTest: a multipart form without its boundary was a 500. */
    @Test
    void a_form_body_that_cannot_be_read_is_a_400() {
        save("id: ui-form-bad\ntriggers:\n  webhook: {auth: none, form: true, params: [{name: a, type: string}]}\n"
                + LOG_STEP);
        String hookId = admin.get("/api/v1/workflows/ui-form-bad").json().at("/webhook/hookId").asText();
        for (String type : List.of("multipart/form-data", "multipart/form-data; boundary=B")) {
            Http.Reply r = anon.send(anon.request("/forms/" + hookId).header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofString("a=x&b=%")));
            assertThat(r.status()).as(type).isEqualTo(400);
            assertThat(r.json().path("code").asText()).isEqualTo("invalid_form");
        }
    }

    @Test
    void a_form_is_refused_at_save_time_unless_the_trigger_auth_is_none() {
        Http.Reply r = admin.postYaml("/api/v1/workflows",
                "id: ui-form-token\ntriggers:\n  webhook: {auth: token, form: true}\n" + LOG_STEP);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.raw().body()).contains("triggers.webhook.form", "needs auth 'none'");
    }

    @Test
    void a_hook_without_a_form_has_no_form_page() {
        save("id: ui-no-form\ntriggers:\n  webhook: {auth: none}\n" + LOG_STEP);
        String hookId = admin.get("/api/v1/workflows/ui-no-form").json().at("/webhook/hookId").asText();
        assertThat(anon.get("/forms/" + hookId).status()).isEqualTo(404);
        assertThat(anon.get("/forms/no-such-hook").status()).isEqualTo(404);
    }

    private void save(String yaml) {
        Http.Reply r = admin.postYaml("/api/v1/workflows", yaml);
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
    }
}
