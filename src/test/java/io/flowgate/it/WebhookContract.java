package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Json;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Inbound webhooks over real HTTP (docs/triggers.md#inbound-webhooks-and-the-rest-api-trigger-issue-3), run
 * once on SQLite and once on PostgreSQL. Each test has its own workflow, so tests do not see each other's
 * executions or request logs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WebhookContract {
    Path dir;
    TestServer server;
    Http admin;
    Http anon;

    abstract TestServer startServer(Path dir) throws Exception;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("flowgate-hooks");
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

    /** Applies a workflow and returns its hook id. */
    String hook(String yaml) {
        Http.Reply r = admin.postYaml("/api/v1/workflows", yaml);
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
        String id = r.json().get("id").asText();
        JsonNode wf = admin.get("/api/v1/workflows/" + id).json();
        assertThat(wf.path("webhook").path("url").asText()).endsWith("/hooks/" + wf.path("webhook").path("hookId").asText());
        return wf.path("webhook").path("hookId").asText();
    }

    Http.Reply send(String method, String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder b = anon.request(path).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return anon.send(b);
    }

    Http.Reply postJson(String path, String json, String... headers) {
        return send("POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8), headers);
    }

    JsonNode awaitEnd(String id) {
        JsonNode[] doc = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            doc[0] = admin.get("/api/v1/executions/" + id).json();
            String s = doc[0].path("status").asText();
            return s.equals("completed") || s.equals("failure") || s.equals("cancelled");
        });
        return doc[0];
    }

    static JsonNode outputs(JsonNode doc, String stepId) {
        for (JsonNode s : doc.get("steps")) {
            if (s.get("taskId").asText().equals(stepId)) {
                return s.get("outputs");
            }
        }
        throw new AssertionError("no step " + stepId + " in " + doc);
    }

    int executions(String workflowId) {
        return admin.get("/api/v1/executions?limit=500&workflowId=" + workflowId).json().get("items").size();
    }

    String token(String workflowId) {
        Http.Reply r = admin.postJson("/api/v1/workflows/" + workflowId + "/webhook/tokens", Map.of());
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("token").asText();
    }

    static final String ECHO = """
            steps:
              - id: echo
                type: transform
                output: '{ "body": trigger.body, "query": trigger.query, "path": trigger.path,
                           "params": trigger.pathParams, "test": trigger.headers."x-test", "raw": trigger.raw }'
            """;

    @Test
    void a_hook_starts_the_workflow_with_path_query_headers_and_body_as_data_pills() {
        String hookId = hook("""
                id: wh-pills
                triggers:
                  webhook:
                    path: orders/{region}
                    methods: [POST, GET]
                """ + ECHO);
        Http.Reply r = postJson("/hooks/" + hookId + "/orders/eu?x=1", "{\"order\": {\"id\": \"A1\"}}", "X-Test", "yes");
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        String id = r.json().get("activityId").asText();
        JsonNode doc = awaitEnd(id);
        assertThat(doc.get("status").asText()).isEqualTo("completed");
        assertThat(doc.get("trigger").asText()).isEqualTo("webhook");
        JsonNode out = outputs(doc, "echo");
        assertThat(out.at("/body/order/id").asText()).isEqualTo("A1");
        assertThat(out.at("/query/x").asText()).isEqualTo("1");
        assertThat(out.at("/params/region").asText()).isEqualTo("eu");
        assertThat(out.get("test").asText()).isEqualTo("yes");
        assertThat(out.get("raw").asText()).isEqualTo("{\"order\": {\"id\": \"A1\"}}");
        assertThat(send("GET", "/hooks/" + hookId + "/orders/us", null, null).status()).isEqualTo(202);
    }

    @Test
    void method_path_size_and_malformed_json_are_refused_with_the_right_status() {
        String hookId = hook("id: wh-refuse\ntriggers:\n  webhook: {}\n" + ECHO);
        Http.Reply get = send("GET", "/hooks/" + hookId, null, null);
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.header("Allow")).isEqualTo("POST");
        assertThat(postJson("/hooks/" + hookId + "/extra", "{}").status()).isEqualTo(404);
        assertThat(postJson("/hooks/unknown-hook-id", "{}").status()).isEqualTo(404);
        Http.Reply big = send("POST", "/hooks/" + hookId, "application/json", new byte[1024 * 1024 + 1]);
        assertThat(big.status()).isEqualTo(413);
        Http.Reply bad = postJson("/hooks/" + hookId, "{\n  \"a\": tru }");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("code").asText()).isEqualTo("invalid_json");
        assertThat(bad.json().get("line").asInt()).isEqualTo(2);
        assertThat(bad.json().get("column").asInt()).isPositive();
        assertThat(executions("wh-refuse")).isZero();
    }

    @Test
    void form_multipart_text_xml_and_binary_bodies_become_data_pills() {
        String hookId = hook("id: wh-bodies\ntriggers:\n  webhook: {}\n" + ECHO);
        String form = started(send("POST", "/hooks/" + hookId, "application/x-www-form-urlencoded",
                "a=1&b=x%20y&b=z".getBytes(StandardCharsets.UTF_8)));
        JsonNode body = outputs(awaitEnd(form), "echo").get("body");
        assertThat(body.get("a").asText()).isEqualTo("1");
        assertThat(body.get("b")).hasSize(2);
        String multipart = "--XyZ\r\nContent-Disposition: form-data; name=\"field\"\r\n\r\nvalue\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"a.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n\u0001\u0002\u0003\r\n--XyZ--\r\n";
        String mp = started(send("POST", "/hooks/" + hookId, "multipart/form-data; boundary=XyZ",
                multipart.getBytes(StandardCharsets.ISO_8859_1)));
        JsonNode mpBody = outputs(awaitEnd(mp), "echo").get("body");
        assertThat(mpBody.get("field").asText()).isEqualTo("value");
        assertThat(mpBody.at("/doc/filename").asText()).isEqualTo("a.bin");
        assertThat(mpBody.at("/doc/size").asInt()).isEqualTo(3);
        assertThat(mpBody.at("/doc/base64").asText()).isEqualTo("AQID");
        String xml = started(send("POST", "/hooks/" + hookId, "application/xml",
                "<a><b>1</b></a>".getBytes(StandardCharsets.UTF_8)));
        assertThat(outputs(awaitEnd(xml), "echo").get("raw").asText()).isEqualTo("<a><b>1</b></a>");
        String text = started(send("POST", "/hooks/" + hookId, "text/plain", "héllo".getBytes(StandardCharsets.UTF_8)));
        assertThat(outputs(awaitEnd(text), "echo").get("body").asText()).isEqualTo("héllo");
        String bin = started(send("POST", "/hooks/" + hookId, "application/octet-stream", new byte[] {(byte) 0xff, 0}));
        assertThat(outputs(awaitEnd(bin), "echo").at("/body/base64").asText()).isEqualTo("/wA=");
    }

    String started(Http.Reply r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        return r.json().get("activityId").asText();
    }

    @Test
    void a_hook_survives_new_revisions_and_answers_for_a_pinned_revision_but_not_after_a_regeneration() {
        String yaml = "id: wh-stable\ntriggers:\n  webhook: {}\n" + ECHO;
        String hookId = hook(yaml);
        String again = hook(yaml.replace("id: wh-stable", "id: wh-stable\nname: renamed"));
        assertThat(again).isEqualTo(hookId);
        String latest = started(postJson("/hooks/" + hookId, "{}"));
        assertThat(awaitEnd(latest).get("workflowRevisionid").asText()).isEqualTo("2");
        String pinned = started(postJson("/hooks/" + hookId + "?revision=1", "{}"));
        assertThat(awaitEnd(pinned).get("workflowRevisionid").asText()).isEqualTo("1");
        assertThat(postJson("/hooks/" + hookId + "?revision=9", "{}").status()).isEqualTo(404);
        Http.Reply regen = admin.postJson("/api/v1/workflows/wh-stable/webhook/regenerate", Map.of());
        assertThat(regen.status()).as(regen.toString()).isEqualTo(200);
        String fresh = regen.json().get("hookId").asText();
        assertThat(fresh).isNotEqualTo(hookId);
        assertThat(postJson("/hooks/" + hookId, "{}").status()).isEqualTo(404);
        assertThat(postJson("/hooks/" + fresh, "{}").status()).isEqualTo(202);
    }

    @Test
    void token_and_bearer_auth_accept_live_tokens_only_and_refuse_without_saying_why() {
        String tokenHook = hook("id: wh-token\ntriggers:\n  webhook: {auth: token}\n" + ECHO);
        String bearerHook = hook("id: wh-bearer\ntriggers:\n  webhook: {auth: bearer}\n" + ECHO);
        String t1 = token("wh-token");
        String t2 = token("wh-token");
        assertThat(t1).startsWith("fgw_").hasSizeGreaterThanOrEqualTo(4 + 43);
        assertThat(postJson("/hooks/" + tokenHook + "?token=" + t1, "{}").status()).isEqualTo(202);
        String viaBody = started(postJson("/hooks/" + tokenHook, "{\"token\": \"" + t2 + "\", \"x\": 1}"));
        assertThat(outputs(awaitEnd(viaBody), "echo").get("body").has("token")).isFalse();
        Http.Reply none = postJson("/hooks/" + tokenHook, "{}");
        Http.Reply wrong = postJson("/hooks/" + tokenHook + "?token=fgw_nope", "{}");
        assertThat(none.status()).isEqualTo(401);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(none.json()).isEqualTo(wrong.json());
        Http.Reply list = admin.get("/api/v1/workflows/wh-token/webhook/tokens");
        assertThat(list.json().get("items")).hasSize(2);
        assertThat(list.toString()).doesNotContain(t1).doesNotContain(t2);
        String t1Id = list.json().get("items").get(0).get("id").asText();
        assertThat(admin.delete("/api/v1/workflows/wh-token/webhook/tokens/" + t1Id).status()).isEqualTo(204);
        assertThat(postJson("/hooks/" + tokenHook + "?token=" + t1, "{}").status()).isEqualTo(401);
        assertThat(postJson("/hooks/" + tokenHook + "?token=" + t2, "{}").status()).isEqualTo(202);

        String b = token("wh-bearer");
        assertThat(postJson("/hooks/" + bearerHook, "{}", "Authorization", "Bearer " + b).status()).isEqualTo(202);
        Http.Reply otherWorkflowsToken = postJson("/hooks/" + bearerHook, "{}", "Authorization", "Bearer " + t2);
        assertThat(otherWorkflowsToken.status()).isEqualTo(401);
        assertThat(otherWorkflowsToken.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void basic_auth_checks_the_username_and_the_password_secret() {
        assertThat(admin.postJson("/api/v1/secrets", Map.of("name", "SHOP_PW", "value", "s3cret")).status()).isEqualTo(201);
        String hookId = hook("""
                id: wh-basic
                triggers:
                  webhook:
                    auth: {type: basic, username: shop, password: "{{ secrets.SHOP_PW }}"}
                """ + ECHO);
        String good = Base64.getEncoder().encodeToString("shop:s3cret".getBytes(StandardCharsets.UTF_8));
        String bad = Base64.getEncoder().encodeToString("shop:wrong".getBytes(StandardCharsets.UTF_8));
        assertThat(postJson("/hooks/" + hookId, "{}", "Authorization", "Basic " + good).status()).isEqualTo(202);
        Http.Reply refused = postJson("/hooks/" + hookId, "{}", "Authorization", "Basic " + bad);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).startsWith("Basic");
        JsonNode log = admin.get("/api/v1/workflows/wh-basic/requests").json().get("items");
        assertThat(log.toString()).doesNotContain(good).doesNotContain(bad);
        assertThat(log.get(0).at("/headers/authorization").asText()).isEqualTo("***");
    }

    @Test
    void hmac_auth_verifies_standard_webhooks_github_and_stripe_signatures() throws Exception {
        String std = hook("id: wh-std\ntriggers:\n  webhook: {auth: {type: hmac, scheme: standard-webhooks}}\n" + ECHO);
        String gh = hook("id: wh-gh\ntriggers:\n  webhook: {auth: {type: hmac, scheme: github}}\n" + ECHO);
        String st = hook("id: wh-stripe\ntriggers:\n  webhook: {auth: {type: hmac, scheme: stripe}}\n" + ECHO);
        String body = "{\"event\": \"paid\"}";
        long now = Instant.now().getEpochSecond();

        String s1 = secret("wh-std");
        assertThat(s1).startsWith("whsec_");
        byte[] key = Base64.getDecoder().decode(s1.substring(6));
        String sig = Base64.getEncoder().encodeToString(hmac(key, "msg_1." + now + "." + body));
        assertThat(postJson("/hooks/" + std, body, "webhook-id", "msg_1", "webhook-timestamp", "" + now,
                "webhook-signature", "v1," + sig).status()).isEqualTo(202);
        String old = Base64.getEncoder().encodeToString(hmac(key, "msg_2." + (now - 600) + "." + body));
        assertThat(postJson("/hooks/" + std, body, "webhook-id", "msg_2", "webhook-timestamp", "" + (now - 600),
                "webhook-signature", "v1," + old).status()).isEqualTo(401);
        assertThat(postJson("/hooks/" + std, body + " ", "webhook-id", "msg_1", "webhook-timestamp", "" + now,
                "webhook-signature", "v1," + sig).status()).isEqualTo(401);

        String s2 = secret("wh-gh");
        String ghSig = "sha256=" + HexFormat.of().formatHex(hmac(s2.getBytes(StandardCharsets.UTF_8), body));
        assertThat(postJson("/hooks/" + gh, body, "X-Hub-Signature-256", ghSig).status()).isEqualTo(202);
        assertThat(postJson("/hooks/" + gh, body, "X-Hub-Signature-256", "sha256=00").status()).isEqualTo(401);
        String rotated = secret("wh-gh");
        String rotatedSig = "sha256=" + HexFormat.of().formatHex(hmac(rotated.getBytes(StandardCharsets.UTF_8), body));
        assertThat(postJson("/hooks/" + gh, body, "X-Hub-Signature-256", ghSig).status()).isEqualTo(202);
        assertThat(postJson("/hooks/" + gh, body, "X-Hub-Signature-256", rotatedSig).status()).isEqualTo(202);

        String s3 = secret("wh-stripe");
        String v1 = HexFormat.of().formatHex(hmac(s3.getBytes(StandardCharsets.UTF_8), now + "." + body));
        assertThat(postJson("/hooks/" + st, body, "Stripe-Signature", "t=" + now + ",v1=" + v1).status()).isEqualTo(202);
        assertThat(postJson("/hooks/" + st, body, "Stripe-Signature", "t=" + (now + 1) + ",v1=" + v1).status())
                .isEqualTo(401);
    }

    String secret(String workflowId) {
        Http.Reply r = admin.postJson("/api/v1/workflows/" + workflowId + "/webhook/secrets", Map.of());
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("secret").asText();
    }

    static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_standard_webhooks_redelivery_with_the_same_webhook_id_starts_nothing_new() throws Exception {
        String std = hook("id: wh-std-repeat\ntriggers:\n  webhook: {auth: {type: hmac}}\n" + ECHO);
        String s = secret("wh-std-repeat");
        long now = Instant.now().getEpochSecond();
        String sig = Base64.getEncoder().encodeToString(hmac(Base64.getDecoder().decode(s.substring(6)),
                "msg_r." + now + ".{}"));
        String[] headers = {"webhook-id", "msg_r", "webhook-timestamp", "" + now, "webhook-signature", "v1," + sig};
        String first = started(postJson("/hooks/" + std, "{}", headers));
        String second = started(postJson("/hooks/" + std, "{}", headers));
        assertThat(second).isEqualTo(first);
        assertThat(executions("wh-std-repeat")).isEqualTo(1);
    }

    @Test
    void boomerang_payload_and_status_work_with_the_token_in_body_bearer_or_query() {
        hook("id: wh-boom\ntriggers:\n  webhook: {auth: token}\n" + ECHO);
        hook("id: wh-boom-other\ntriggers:\n  webhook: {}\n" + ECHO);
        String t = token("wh-boom");
        String other = token("wh-boom-other");
        String id = started(postJson("/webhook/payload", "{\"token\": \"" + t + "\", \"name\": \"ada\"}"));
        JsonNode doc = awaitEnd(id);
        assertThat(outputs(doc, "echo").at("/body/name").asText()).isEqualTo("ada");
        assertThat(outputs(doc, "echo").get("body").has("token")).isFalse();
        started(postJson("/webhook/payload", "{}", "Authorization", "Bearer " + t));
        started(postJson("/webhook/payload?token=" + t, "{}"));
        assertThat(postJson("/webhook/payload", "{\"token\": \"fgw_wrong\"}").status()).isEqualTo(401);

        Http.Reply viaBody = send("GET", "/webhook/status/" + id, "application/json",
                ("{\"token\": \"" + t + "\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(viaBody.status()).as(viaBody.toString()).isEqualTo(200);
        assertThat(viaBody.json().get("status").asText()).isEqualTo("completed");
        assertThat(viaBody.json().get("steps")).hasSize(1);
        assertThat(send("GET", "/webhook/status/" + id + "?token=" + t, null, null).status()).isEqualTo(200);
        assertThat(send("GET", "/webhook/status/" + id, null, null, "Authorization", "Bearer " + t).status())
                .isEqualTo(200);
        assertThat(send("GET", "/webhook/status/" + id + "?token=" + other, null, null).status()).isEqualTo(404);
    }

    /** The answers the Boomerang route gave through Javalin's routes, pinned for the lean edge (issue 12). */
    @Test
    void boomerang_payload_answers_and_logs_every_request_to_a_known_workflow() {
        hook("""
                id: wh-boom-log
                triggers:
                  webhook:
                    params:
                      - { name: order, in: body, type: string, required: true }
                """ + ECHO);
        String t = token("wh-boom-log");

        Http.Reply ok = postJson("/webhook/payload?token=" + t, "{\"order\": \"o-1\"}");
        String id = started(ok);
        assertThat(ok.header("Location")).isEqualTo("/api/v1/executions/" + id);
        assertThat(ok.header("Content-Type")).startsWith("application/json");
        assertThat(ok.json()).isEqualTo(Json.read("{\"activityId\": \"" + id + "\"}"));

        Http.Reply missing = postJson("/webhook/payload", "{\"token\": \"" + t + "\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json()).isEqualTo(Json.read(
                "{\"code\":\"missing_required_parameters\",\"msg\":\"Missing required parameter(s)\",\"missing\":[\"order\"]}"));

        for (Http.Reply refused : List.of(postJson("/webhook/payload", "{\"token\": \"fgw_wrong\"}"),
                postJson("/webhook/payload", "{}"),
                send("POST", "/webhook/payload", "text/plain", "x".getBytes(StandardCharsets.UTF_8)))) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
            assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"flowgate\"");
            assertThat(refused.header("Content-Type")).startsWith("application/json");
            assertThat(refused.json().get("code").asText()).isEqualTo("unauthorized");
            assertThat(refused.json().get("msg").asText()).isEqualTo("Authentication failed");
        }
        Http.Reply badJson = postJson("/webhook/payload", "{\"token\": \"" + t + "\", \"order\": ");
        assertThat(badJson.status()).as(badJson.toString()).isBetween(400, 499);
        assertThat(send("GET", "/webhook/payload?token=" + t, null, null).status()).isEqualTo(405);
        assertThat(executions("wh-boom-log")).isEqualTo(1);

        // The accepted and the refused-by-parameters requests are logged; the unauthenticated ones name no workflow.
        JsonNode items = admin.get("/api/v1/workflows/wh-boom-log/requests").json().get("items");
        assertThat(items).hasSize(2);
        JsonNode accepted = items.get(0).get("status").asInt() == 202 ? items.get(0) : items.get(1);
        JsonNode refusedRow = accepted == items.get(0) ? items.get(1) : items.get(0);
        assertThat(accepted.get("status").asInt()).isEqualTo(202);
        assertThat(accepted.get("activityId").asText()).isEqualTo(id);
        assertThat(accepted.get("method").asText()).isEqualTo("POST");
        assertThat(accepted.get("path").asText()).isEqualTo("/webhook/payload?token=***");
        assertThat(accepted.get("body").asText()).isEqualTo("{\"order\": \"o-1\"}");
        assertThat(refusedRow.get("status").asInt()).isEqualTo(400);
        assertThat(refusedRow.get("activityId").isNull()).isTrue();
        assertThat(refusedRow.get("path").asText()).isEqualTo("/webhook/payload");
        assertThat(refusedRow.get("body").asText()).doesNotContain(t);
    }

    @Test
    void required_parameters_types_and_conditions_are_enforced_before_anything_starts() {
        String hookId = hook("""
                id: wh-params
                triggers:
                  webhook:
                    methods: [POST, GET]
                    params:
                      - { name: order.id, in: body, type: string, required: true }
                      - { name: qty, in: body, type: integer }
                      - { name: page, in: query, type: integer }
                    condition: "body.CityName = 'Paris'"
                """ + ECHO);
        Http.Reply missing = postJson("/hooks/" + hookId, "{\"CityName\": \"Paris\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json()).isEqualTo(Json.read(
                "{\"code\":\"missing_required_parameters\",\"msg\":\"Missing required parameter(s)\",\"missing\":[\"order.id\"]}"));
        Http.Reply invalid = postJson("/hooks/" + hookId + "?page=x", "{\"order\": {\"id\": \"1\"}, \"qty\": \"3\"}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("code").asText()).isEqualTo("invalid_parameters");
        assertThat(invalid.json().get("invalid")).hasSize(2);
        Http.Reply notParis = postJson("/hooks/" + hookId, "{\"order\": {\"id\": \"1\"}, \"CityName\": \"Lyon\"}");
        assertThat(notParis.status()).isEqualTo(200);
        assertThat(notParis.json()).isEqualTo(Json.read("{\"triggered\": false}"));
        assertThat(executions("wh-params")).isZero();
        started(postJson("/hooks/" + hookId + "?page=2", "{\"order\": {\"id\": \"1\"}, \"qty\": 3, \"CityName\": \"Paris\"}"));
    }

    @Test
    void sync_responses_answer_from_the_respond_step_the_selected_outputs_or_the_failure() {
        String respond = hook("""
                id: wh-sync-respond
                triggers:
                  webhook: {response: {mode: sync, timeout: PT20S}}
                steps:
                  - id: answer
                    type: respond
                    status: 201
                    headers: {X-Order: "{{ trigger.body.id }}"}
                    body: { ok: true, id: "{{ trigger.body.id }}" }
                  - id: later
                    type: sleep
                    duration: PT2S
                """);
        Http.Reply r = postJson("/hooks/" + respond, "{\"id\": \"o-7\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.header("X-Order")).isEqualTo("o-7");
        assertThat(r.json()).isEqualTo(Json.read("{\"ok\": true, \"id\": \"o-7\"}"));
        JsonNode logged = admin.get("/api/v1/workflows/wh-sync-respond/requests").json().get("items").get(0);
        assertThat(logged.get("status").asInt()).isEqualTo(201);

        String select = hook("""
                id: wh-sync-select
                triggers:
                  webhook: {response: {mode: sync, select: [total.total]}}
                steps:
                  - id: total
                    type: transform
                    output: '{ "total": $sum(trigger.body.items) }'
                """);
        Http.Reply sum = postJson("/hooks/" + select, "{\"items\": [1, 2, 3]}");
        assertThat(sum.status()).as(sum.toString()).isEqualTo(200);
        assertThat(sum.json().asInt()).isEqualTo(6);

        String failing = hook("""
                id: wh-sync-fail
                triggers:
                  webhook: {response: {mode: sync, timeout: PT30S}}
                steps:
                  - id: boom
                    type: fail
                    message: no stock
                """);
        // A failure answers at once: had the call waited out its 30 s timeout, it would answer 202, not 422.
        Http.Reply failed = postJson("/hooks/" + failing, "{}");
        assertThat(failed.status()).as(failed.toString()).isEqualTo(422);
        assertThat(failed.json().get("status").asText()).isEqualTo("failure");

        String slow = hook("""
                id: wh-sync-timeout
                triggers:
                  webhook: {response: {mode: sync, timeout: PT1S, body: status}}
                steps:
                  - id: nap
                    type: sleep
                    duration: PT30S
                """);
        Http.Reply timedOut = postJson("/hooks/" + slow, "{}");
        assertThat(timedOut.status()).isEqualTo(202);
        assertThat(timedOut.header("Location")).isEqualTo("/api/v1/executions/" + timedOut.json().get("activityId").asText());
    }

    @Test
    void static_responses_answer_the_configured_status_headers_and_templated_body() {
        String hookId = hook("""
                id: wh-static
                triggers:
                  webhook:
                    response: {mode: static, status: 200, headers: {Content-Type: text/plain}, body: "thanks {{ trigger.body.name }}"}
                """ + ECHO);
        Http.Reply r = postJson("/hooks/" + hookId, "{\"name\": \"ada\"}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw().body()).isEqualTo("thanks ada");
        await().atMost(Duration.ofSeconds(10)).until(() -> executions("wh-static") == 1);
    }

    @Test
    void a_static_string_body_is_sent_as_written_and_an_object_body_as_json() {
        String json = hook("""
                id: wh-static-json
                triggers:
                  webhook:
                    response: {mode: static, status: 201, body: '{"ok": true}'}
                """ + ECHO);
        Http.Reply r = postJson("/hooks/" + json, "{}", "Idempotency-Key", "static-1");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.raw().body()).isEqualTo("{\"ok\": true}");
        Http.Reply replayed = postJson("/hooks/" + json, "{}", "Idempotency-Key", "static-1");
        assertThat(replayed.status()).isEqualTo(201);
        assertThat(replayed.header("Content-Type")).startsWith("application/json");
        assertThat(replayed.raw().body()).isEqualTo("{\"ok\": true}");

        String text = hook("""
                id: wh-static-text
                triggers:
                  webhook:
                    response: {mode: static, body: "hello {{ trigger.body.name }}"}
                """ + ECHO);
        Http.Reply plain = postJson("/hooks/" + text, "{\"name\": \"ada\"}");
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.header("Content-Type")).isEqualToIgnoringWhitespace("text/plain; charset=utf-8");
        assertThat(plain.raw().body()).isEqualTo("hello ada");

        String typed = hook("""
                id: wh-static-typed
                triggers:
                  webhook:
                    response: {mode: static, headers: {Content-Type: application/xml}, body: "<ok>{{ trigger.body.name }}</ok>"}
                """ + ECHO);
        Http.Reply xml = postJson("/hooks/" + typed, "{\"name\": \"ada\"}");
        assertThat(xml.header("Content-Type")).startsWith("application/xml");
        assertThat(xml.raw().body()).isEqualTo("<ok>ada</ok>");

        String object = hook("""
                id: wh-static-object
                triggers:
                  webhook:
                    response: {mode: static, body: {ok: true, who: "{{ trigger.body.name }}"}}
                """ + ECHO);
        Http.Reply obj = postJson("/hooks/" + object, "{\"name\": \"ada\"}");
        assertThat(obj.header("Content-Type")).startsWith("application/json");
        assertThat(obj.json()).isEqualTo(Json.read("{\"ok\": true, \"who\": \"ada\"}"));
    }

    @Test
    void a_respond_step_string_body_is_sent_as_written() {
        String json = hook("""
                id: wh-respond-json
                triggers:
                  webhook: {response: {mode: sync, timeout: PT20S}}
                steps:
                  - id: answer
                    type: respond
                    status: 201
                    body: '{"id": "{{ trigger.body.id }}"}'
                """);
        Http.Reply r = postJson("/hooks/" + json, "{\"id\": \"o-8\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.raw().body()).isEqualTo("{\"id\": \"o-8\"}");

        String text = hook("""
                id: wh-respond-text
                triggers:
                  webhook: {response: {mode: sync, timeout: PT20S}}
                steps:
                  - id: answer
                    type: respond
                    body: "order {{ trigger.body.id }} received"
                """);
        Http.Reply plain = postJson("/hooks/" + text, "{\"id\": \"o-9\"}");
        assertThat(plain.status()).as(plain.toString()).isEqualTo(200);
        assertThat(plain.header("Content-Type")).isEqualToIgnoringWhitespace("text/plain; charset=utf-8");
        assertThat(plain.raw().body()).isEqualTo("order o-9 received");
    }

    @Test
    void a_repeated_idempotency_key_returns_the_first_reply_even_under_concurrent_duplicates() throws Exception {
        String hookId = hook("id: wh-idem\ntriggers:\n  webhook: {idempotency: {header: Idempotency-Key, ttl: PT1H}}\n" + ECHO);
        String first = started(postJson("/hooks/" + hookId, "{}", "Idempotency-Key", "k-1"));
        assertThat(started(postJson("/hooks/" + hookId, "{}", "Idempotency-Key", "k-1"))).isEqualTo(first);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            calls.add(() -> started(postJson("/hooks/" + hookId, "{}", "Idempotency-Key", "k-2")));
        }
        Set<String> ids = new HashSet<>();
        for (Future<String> f : pool.invokeAll(calls)) {
            ids.add(f.get());
        }
        pool.close();
        assertThat(ids).hasSize(1);
        assertThat(executions("wh-idem")).isEqualTo(2);
    }

    @Test
    void the_request_log_lists_accepted_and_refused_requests_with_secrets_redacted() {
        String hookId = hook("id: wh-log\ntriggers:\n  webhook: {auth: token}\n" + ECHO);
        String t = token("wh-log");
        String id = started(postJson("/hooks/" + hookId + "?token=" + t, "{\"a\": 1}"));
        assertThat(postJson("/hooks/" + hookId, "{\"b\": 2}", "Authorization", "Bearer zzz").status()).isEqualTo(401);
        JsonNode items = admin.get("/api/v1/workflows/wh-log/requests").json().get("items");
        assertThat(items).hasSize(2);
        // Both may fall in the same millisecond: find each by its status rather than by position.
        JsonNode refused = items.get(0).get("status").asInt() == 401 ? items.get(0) : items.get(1);
        JsonNode accepted = refused == items.get(0) ? items.get(1) : items.get(0);
        assertThat(refused.get("status").asInt()).isEqualTo(401);
        assertThat(refused.at("/headers/authorization").asText()).isEqualTo("***");
        assertThat(accepted.get("status").asInt()).isEqualTo(202);
        assertThat(accepted.get("activityId").asText()).isEqualTo(id);
        assertThat(accepted.get("path").asText()).contains("token=***").doesNotContain(t);
        assertThat(accepted.get("body").asText()).isEqualTo("{\"a\": 1}");
    }

    @Test
    void the_request_log_pages_with_a_cursor_and_refuses_one_it_did_not_hand_out() {
        String hookId = hook("id: wh-pages\ntriggers:\n  webhook: {auth: token}\n" + ECHO);
        for (int i = 0; i < 5; i++) {
            assertThat(postJson("/hooks/" + hookId + "?n=" + i, "{}").status()).isEqualTo(401);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = admin.get("/api/v1/workflows/wh-pages/requests?limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor)).json();
            assertThat(page.get("items").size()).isBetween(1, 2);
            page.get("items").forEach(item -> seen.add(item.get("id").asText()));
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(5).doesNotHaveDuplicates();
        // Without a limit the first page is the whole (short) log, and says there is no more.
        JsonNode all = admin.get("/api/v1/workflows/wh-pages/requests").json();
        assertThat(all.get("items")).hasSize(5);
        assertThat(all.get("next").isNull()).isTrue();
        Http.Reply bad = admin.get("/api/v1/workflows/wh-pages/requests?cursor=not-a-cursor");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("code").asText()).isEqualTo("invalid_cursor");
    }

    @Test
    void capture_proposes_parameters_from_the_next_request() throws Exception {
        String hookId = hook("id: wh-capture\ntriggers:\n  webhook: {methods: [GET, POST]}\n" + ECHO);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        Future<Http.Reply> capture = pool.submit(() ->
                admin.postJson("/api/v1/workflows/wh-capture/webhook/capture?timeout=PT20S", Map.of()));
        // Requests sent before the capture session is open run normally; count them.
        java.util.concurrent.atomic.AtomicInteger ranBeforeCapture = new java.util.concurrent.atomic.AtomicInteger();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Http.Reply r = postJson("/hooks/" + hookId + "?page=2", "{\"order\": {\"id\": \"x\", \"qty\": 2}}");
            if (r.status() == 202) {
                ranBeforeCapture.incrementAndGet();
            }
            return r.status() == 200 && r.json().path("captured").asBoolean();
        });
        JsonNode out = capture.get().json();
        pool.close();
        assertThat(out.get("captured").asBoolean()).isTrue();
        assertThat(out.get("params").toString()).contains("\"order.id\"").contains("\"order.qty\"")
                .contains("\"integer\"").contains("\"page\"");
        assertThat(executions("wh-capture")).isEqualTo(ranBeforeCapture.get());
        JsonNode sample = admin.postJson("/api/v1/workflows/wh-capture/webhook/params",
                Map.of("sample", Map.of("a", 1, "b", Map.of("c", "x")))).json().get("params");
        assertThat(sample).hasSize(2);
    }

    @Test
    void a_per_token_rate_limit_answers_429_with_retry_after() {
        String hookId = hook("id: wh-rate\ntriggers:\n  webhook: {auth: bearer, rateLimit: {perSecond: 0.01, burst: 2}}\n" + ECHO);
        String t = token("wh-rate");
        assertThat(postJson("/hooks/" + hookId, "{}", "Authorization", "Bearer " + t).status()).isEqualTo(202);
        assertThat(postJson("/hooks/" + hookId, "{}", "Authorization", "Bearer " + t).status()).isEqualTo(202);
        Http.Reply limited = postJson("/hooks/" + hookId, "{}", "Authorization", "Bearer " + t);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isPositive();
    }

    @Test
    void a_thousand_malformed_requests_get_no_5xx_start_nothing_and_are_only_logged() throws Exception {
        String tokenHook = hook("""
                id: wh-fuzz
                triggers:
                  webhook:
                    auth: token
                    params: [{ name: order.id, in: body, type: string, required: true }]
                """ + ECHO);
        String hmacHook = hook("id: wh-fuzz-hmac\ntriggers:\n  webhook: {auth: {type: hmac}}\n" + ECHO);
        secret("wh-fuzz-hmac");
        List<MalformedRequests.Request> requests = new MalformedRequests(tokenHook, hmacHook, token("wh-fuzz"))
                .generate(1200);
        int port = server.app().port();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Integer>> answers = new ArrayList<>();
        for (MalformedRequests.Request r : requests) {
            answers.add(pool.submit(() -> RawHttp.send(port, r.head(), r.body())));
        }
        Map<String, Integer> accepted = new java.util.TreeMap<>();
        List<String> serverErrors = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            int status = answers.get(i).get();
            if (status >= 500) {
                serverErrors.add(requests.get(i).kind() + " -> " + status + ": " + requests.get(i).head().lines().findFirst().orElse(""));
            }
            if (status >= 200 && status < 300) {
                accepted.merge(requests.get(i).kind(), 1, Integer::sum);
            }
        }
        pool.shutdown();
        assertThat(serverErrors).isEmpty();
        assertThat(accepted).isEmpty();
        assertThat(executions("wh-fuzz")).isZero();
        assertThat(executions("wh-fuzz-hmac")).isZero();
        assertThat(admin.get("/api/v1/workflows/wh-fuzz/requests?limit=500").json().get("items").size()).isPositive();
    }
}
