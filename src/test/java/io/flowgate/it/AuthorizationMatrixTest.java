package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.api.DeclaredRoute;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * The whole authorization matrix (issue 15, point 4): every route the server declares — the {@code /api/v1} routes,
 * ops, inbound hooks and the console — called by every kind of caller, each answer checked against {@link #TABLE}.
 * The table must name exactly the declared routes ({@code App.routeTable()}), so a route added without a row fails
 * here. Callers: no key, a wrong key, a revoked key, each role scoped to team {@code alpha}, an admin of team
 * {@code beta} (another team) and an all-teams admin. Then: webhook and event tokens reach their own workflow only,
 * and a planted secret value never shows up in any answer, log line, delivery record, request-log row or file
 * under the data directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthorizationMatrixTest {
    static final String ALPHA = "alpha";
    static final String PLANTED = "PLANTED-s3cr3t-7c1e0a9b";
    static final String CONNECTION_PASSWORD = "PLANTED-broker-pw-41d2";

    enum Caller { NONE, WRONG, REVOKED, VIEWER, OPERATOR, EDITOR, ADMIN, OTHER_TEAM, ALL_TEAMS }

    /** How a route treats keys beyond their role. */
    enum Reach {
        /** No key needed: every caller gets the same answer. */
        OPEN,
        /** Team data: a key of another team gets {@code otherTeam} (404: not even told it exists). */
        TEAM,
        /** Not team data, or filtered to the caller's teams: any key with the role gets {@code ok}. */
        SHARED,
        /** Shared by all teams (secrets, brokers): a key scoped to teams gets 403 whatever its role. */
        ALL_TEAMS_ONLY
    }

    record Req(String method, String path, String contentType, String body) {
        static Req get(String path) {
            return new Req("GET", path, null, null);
        }

        static Req delete(String path) {
            return new Req("DELETE", path, null, null);
        }

        static Req json(String method, String path, String body) {
            return new Req(method, path, "application/json", body);
        }
    }

    /** One row: the route, the role it needs (null when open), how it reaches teams, and the answers. */
    record Row(String route, String role, Reach reach, int ok, int otherTeam, Function<AuthorizationMatrixTest, Req> req) {}

    static Row open(String route, int ok, Function<AuthorizationMatrixTest, Req> req) {
        return new Row(route, null, Reach.OPEN, ok, ok, req);
    }

    static Row team(String route, String role, int ok, int otherTeam, Function<AuthorizationMatrixTest, Req> req) {
        return new Row(route, role, Reach.TEAM, ok, otherTeam, req);
    }

    static Row shared(String route, String role, int ok, Function<AuthorizationMatrixTest, Req> req) {
        return new Row(route, role, Reach.SHARED, ok, ok, req);
    }

    static Row allTeams(String route, String role, int ok, Function<AuthorizationMatrixTest, Req> req) {
        return new Row(route, role, Reach.ALL_TEAMS_ONLY, ok, 403, req);
    }

    static final String API = "/api/v1";
    static final String WF = API + "/workflows/wf";

    /** The one table: every declared route, with its expected answers. */
    static final List<Row> TABLE = List.of(
            open("GET /healthz", 200, t -> Req.get("/healthz")),
            open("GET /readyz", 200, t -> Req.get("/readyz")),
            open("GET /metrics", 200, t -> Req.get("/metrics")),
            open("GET /api/v1/openapi.json", 200, t -> Req.get(API + "/openapi.json")),

            team("POST /api/v1/workflows", "editor", 201, 403,
                    t -> new Req("POST", API + "/workflows", "application/yaml", t.workflowYaml("new-" + t.next()))),
            shared("POST /api/v1/workflows/validate", "viewer", 200,
                    t -> new Req("POST", API + "/workflows/validate", "application/yaml", t.workflowYaml("v"))),
            shared("GET /api/v1/workflows", "viewer", 200, t -> Req.get(API + "/workflows")),
            team("GET /api/v1/workflows/{id}", "viewer", 200, 404, t -> Req.get(WF)),
            team("PUT /api/v1/workflows/{id}", "editor", 200, 404, t -> new Req("PUT", API + "/workflows/" + t.fresh,
                    "application/yaml", t.workflowYaml(t.fresh))),
            team("DELETE /api/v1/workflows/{id}", "editor", 204, 404, t -> Req.delete(API + "/workflows/" + t.freshWorkflow())),
            team("GET /api/v1/workflows/{id}/revisions", "viewer", 200, 404, t -> Req.get(WF + "/revisions")),
            team("GET /api/v1/workflows/{id}/revisions/{n}", "viewer", 200, 404, t -> Req.get(WF + "/revisions/1")),

            team("POST /api/v1/workflows/{id}/executions", "operator", 202, 404,
                    t -> Req.json("POST", API + "/workflows/gate/executions", "{\"inputs\":{}}")),
            shared("GET /api/v1/executions", "viewer", 200, t -> Req.get(API + "/executions")),
            shared("GET /api/v1/executions/stream", "viewer", 200, t -> Req.get(API + "/executions/stream")),
            team("GET /api/v1/executions/{id}", "viewer", 200, 404, t -> Req.get(API + "/executions/" + t.completedRun)),
            team("POST /api/v1/executions/{id}/cancel", "operator", 200, 404,
                    t -> Req.json("POST", API + "/executions/" + t.waitingRun() + "/cancel", "{}")),
            team("POST /api/v1/executions/{id}/retry", "operator", 202, 404,
                    t -> Req.json("POST", API + "/executions/" + t.failedRun() + "/retry", "{}")),
            team("GET /api/v1/executions/{id}/stream", "viewer", 200, 404,
                    t -> Req.get(API + "/executions/" + t.completedRun + "/stream")),

            allTeams("POST /api/v1/secrets", "editor", 201,
                    t -> Req.json("POST", API + "/secrets", "{\"name\":\"S" + t.next() + "\",\"value\":\"v\"}")),
            shared("GET /api/v1/secrets", "viewer", 200, t -> Req.get(API + "/secrets")),
            allTeams("DELETE /api/v1/secrets/{name}", "editor", 204, t -> Req.delete(API + "/secrets/" + t.freshSecret())),

            shared("GET /api/v1/deliveries", "viewer", 200, t -> Req.get(API + "/deliveries")),
            team("GET /api/v1/deliveries/{id}", "viewer", 200, 404, t -> Req.get(API + "/deliveries/" + t.delivery)),
            team("POST /api/v1/deliveries/{id}/redeliver", "operator", 202, 404,
                    t -> Req.json("POST", API + "/deliveries/" + t.delivery + "/redeliver", "{}")),
            team("POST /api/v1/workflows/{id}/signing-secrets", "editor", 201, 404,
                    t -> Req.json("POST", WF + "/signing-secrets", "{}")),
            team("GET /api/v1/workflows/{id}/signing-secrets", "viewer", 200, 404, t -> Req.get(WF + "/signing-secrets")),
            team("DELETE /api/v1/workflows/{id}/signing-secrets/{secretId}", "editor", 204, 404,
                    t -> Req.delete(WF + "/signing-secrets/" + t.freshSigningSecret())),

            shared("POST /api/v1/events", "operator", 202, t -> new Req("POST", API + "/events",
                    "application/cloudevents+json", "{\"specversion\":\"1.0\",\"id\":\"m" + t.next()
                    + "\",\"source\":\"/matrix\",\"type\":\"matrix.noop\"}")),
            shared("GET /api/v1/events", "viewer", 200, t -> Req.get(API + "/events")),
            shared("GET /api/v1/approvals", "viewer", 200, t -> Req.get(API + "/approvals")),
            team("POST /api/v1/executions/{id}/steps/{stepId}/approve", "operator", 200, 404,
                    t -> Req.json("POST", API + "/executions/" + t.waitingRun() + "/steps/ok/approve", "{}")),
            team("POST /api/v1/executions/{id}/steps/{stepId}/reject", "operator", 200, 404,
                    t -> Req.json("POST", API + "/executions/" + t.waitingRun() + "/steps/ok/reject", "{}")),
            shared("GET /api/v1/cluster", "viewer", 200, t -> Req.get(API + "/cluster")),

            allTeams("POST /api/v1/connections", "admin", 201, t -> Req.json("POST", API + "/connections",
                    "{\"name\":\"c" + t.next() + "\",\"kind\":\"nats\",\"url\":\"nats://127.0.0.1:1\"}")),
            shared("GET /api/v1/connections", "viewer", 200, t -> Req.get(API + "/connections")),
            shared("GET /api/v1/connections/{name}", "viewer", 200, t -> Req.get(API + "/connections/conn")),
            allTeams("DELETE /api/v1/connections/{name}", "admin", 204,
                    t -> Req.delete(API + "/connections/" + t.freshConnection())),
            // Testing reaches the broker with the stored credentials but shows none of them: any admin may (docs/api.md).
            shared("POST /api/v1/connections/{name}/test", "admin", 200,
                    t -> Req.json("POST", API + "/connections/conn/test", "{}")),
            allTeams("POST /api/v1/event-sources", "admin", 201, t -> Req.json("POST", API + "/event-sources",
                    t.sourceJson("s" + t.next()))),
            shared("GET /api/v1/event-sources", "viewer", 200, t -> Req.get(API + "/event-sources")),
            shared("GET /api/v1/event-sources/{name}", "viewer", 200, t -> Req.get(API + "/event-sources/src")),
            allTeams("DELETE /api/v1/event-sources/{name}", "admin", 204,
                    t -> Req.delete(API + "/event-sources/" + t.freshSource())),

            shared("GET /api/v1/me", "viewer", 200, t -> Req.get(API + "/me")),
            team("POST /api/v1/keys", "admin", 201, 403, t -> Req.json("POST", API + "/keys",
                    "{\"name\":\"k" + t.next() + "\",\"role\":\"viewer\",\"teams\":[\"alpha\"]}")),
            shared("GET /api/v1/keys", "admin", 200, t -> Req.get(API + "/keys")),
            team("DELETE /api/v1/keys/{id}", "admin", 204, 404, t -> Req.delete(API + "/keys/" + t.freshKey())),

            shared("GET /api/v1/schedules/preview", "viewer", 200,
                    t -> Req.get(API + "/schedules/preview?cron=0+9+*+*+*&count=2")),
            shared("GET /api/v1/schedules", "viewer", 200, t -> Req.get(API + "/schedules")),
            team("GET /api/v1/schedules/{id}", "viewer", 200, 404, t -> Req.get(API + "/schedules/alpha:wf:0")),
            team("POST /api/v1/schedules/{id}/pause", "operator", 200, 404,
                    t -> Req.json("POST", API + "/schedules/alpha:wf:0/pause", "{}")),
            team("POST /api/v1/schedules/{id}/resume", "operator", 200, 404,
                    t -> Req.json("POST", API + "/schedules/alpha:wf:0/resume", "{}")),
            team("POST /api/v1/schedules/{id}/backfill", "operator", 200, 404,
                    t -> Req.json("POST", API + "/schedules/alpha:wf:0/backfill", t.backfillJson())),

            // The hook of "wf" wants its bearer token: no API key opens it, whoever holds one.
            open("GET /hooks/{hookId}", 405, t -> Req.get("/hooks/" + t.hookId)),
            open("POST /hooks/{hookId}", 401, t -> Req.json("POST", "/hooks/" + t.hookId, "{}")),
            open("PUT /hooks/{hookId}", 405, t -> Req.json("PUT", "/hooks/" + t.hookId, "{}")),
            open("PATCH /hooks/{hookId}", 405, t -> Req.json("PATCH", "/hooks/" + t.hookId, "{}")),
            open("DELETE /hooks/{hookId}", 405, t -> Req.delete("/hooks/" + t.hookId)),
            open("GET /hooks/{hookId}/{sub}", 405, t -> Req.get("/hooks/" + t.hookId + "/x")),
            open("POST /hooks/{hookId}/{sub}", 404, t -> Req.json("POST", "/hooks/" + t.hookId + "/x", "{}")),
            open("PUT /hooks/{hookId}/{sub}", 405, t -> Req.json("PUT", "/hooks/" + t.hookId + "/x", "{}")),
            open("PATCH /hooks/{hookId}/{sub}", 405, t -> Req.json("PATCH", "/hooks/" + t.hookId + "/x", "{}")),
            open("DELETE /hooks/{hookId}/{sub}", 405, t -> Req.delete("/hooks/" + t.hookId + "/x")),
            open("POST /webhook/payload", 401, t -> Req.json("POST", "/webhook/payload", "{}")),
            open("GET /webhook/status/{activityId}", 401, t -> Req.get("/webhook/status/" + t.completedRun)),

            team("POST /api/v1/workflows/{id}/webhook/tokens", "editor", 201, 404,
                    t -> Req.json("POST", WF + "/webhook/tokens", "{}")),
            team("GET /api/v1/workflows/{id}/webhook/tokens", "viewer", 200, 404, t -> Req.get(WF + "/webhook/tokens")),
            team("DELETE /api/v1/workflows/{id}/webhook/tokens/{tokenId}", "editor", 204, 404,
                    t -> Req.delete(WF + "/webhook/tokens/" + t.freshToken())),
            team("POST /api/v1/workflows/{id}/webhook/secrets", "editor", 201, 404,
                    t -> Req.json("POST", WF + "/webhook/secrets", "{}")),
            team("GET /api/v1/workflows/{id}/webhook/secrets", "viewer", 200, 404, t -> Req.get(WF + "/webhook/secrets")),
            team("DELETE /api/v1/workflows/{id}/webhook/secrets/{secretId}", "editor", 204, 404,
                    t -> Req.delete(WF + "/webhook/secrets/" + t.freshHookSecret())),
            team("POST /api/v1/workflows/{id}/webhook/regenerate", "editor", 200, 404,
                    t -> Req.json("POST", API + "/workflows/" + t.freshWorkflow() + "/webhook/regenerate", "{}")),
            team("POST /api/v1/workflows/{id}/webhook/capture", "editor", 200, 404,
                    t -> Req.json("POST", WF + "/webhook/capture?timeout=PT0.2S", "{}")),
            team("POST /api/v1/workflows/{id}/webhook/params", "viewer", 200, 404,
                    t -> Req.json("POST", WF + "/webhook/params", "{\"sample\":{\"a\":1}}")),
            team("GET /api/v1/workflows/{id}/requests", "viewer", 200, 404, t -> Req.get(WF + "/requests")),

            open("GET /", 200, t -> Req.get("/")),
            open("GET /api/docs", 200, t -> Req.get("/api/docs")),
            open("GET /ui/{path}", 200, t -> Req.get("/ui/app.js")),
            open("GET /webjars/{path}", 200, t -> Req.get("/webjars/swagger-ui/5.34.1/swagger-ui.css")),
            open("GET /forms/{hookId}", 200, t -> Req.get("/forms/" + t.formHookId)),
            open("POST /forms/{hookId}", 202, t -> new Req("POST", "/forms/" + t.formHookId,
                    "application/x-www-form-urlencoded", "name=x")));

    Path dir;
    TestServer server;
    Http root;
    final Map<Caller, String> keys = new LinkedHashMap<>();
    final AtomicInteger counter = new AtomicInteger();
    final List<String> answers = new ArrayList<>();
    final ConcurrentLinkedQueue<String> logLines = new ConcurrentLinkedQueue<>();
    /** Ids of team alpha's things: a list answered to team beta's key must not name them. */
    final Set<String> alphaMarkers = new LinkedHashSet<>();
    AppenderBase<ILoggingEvent> capture;
    String hookId;
    String formHookId;
    String completedRun;
    String delivery;
    String hookToken;
    String fresh;

    int next() {
        return counter.incrementAndGet();
    }

    String workflowYaml(String id) {
        return "id: " + id + "\nteam: alpha\ntriggers:\n  manual: {}\n  webhook: {auth: bearer}\nsteps:\n"
                + "  - {id: t, type: transform, output: '{\"ok\": true}'}\n";
    }

    String sourceJson(String name) {
        return "{\"name\":\"" + name + "\",\"connection\":\"conn\",\"nats\":{\"stream\":\"MATRIX\",\"subject\":"
                + "\"matrix." + name + "\"},\"event\":{\"type\":\"matrix.noop\"}}";
    }

    String backfillJson() {
        Instant now = Instant.now();
        return "{\"from\":\"" + now.minus(Duration.ofHours(1)) + "\",\"to\":\"" + now.minus(Duration.ofMinutes(59))
                + "\"}";
    }

    // ---- fresh things for calls that use them up -------------------------------------------------------

    String freshWorkflow() {
        String id = "fresh-" + next();
        assertThat(root.postYaml(API + "/workflows", workflowYaml(id)).status()).isEqualTo(201);
        return id;
    }

    String waitingRun() {
        String id = root.postJson(API + "/workflows/gate/executions", "{\"inputs\":{}}").json().path("activityId")
                .asText();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() ->
                root.get(API + "/executions/" + id).json().path("status").asText().equals("waiting"));
        alphaMarkers.add(id);
        return id;
    }

    String failedRun() {
        String id = root.postJson(API + "/workflows/broken/executions", "{\"inputs\":{}}").json().path("activityId")
                .asText();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() ->
                root.get(API + "/executions/" + id).json().path("status").asText().equals("failure"));
        alphaMarkers.add(id);
        return id;
    }

    String freshSecret() {
        String name = "GONE" + next();
        assertThat(root.postJson(API + "/secrets", "{\"name\":\"" + name + "\",\"value\":\"v\"}").status()).isEqualTo(201);
        return name;
    }

    String freshSigningSecret() {
        return created(root.postJson(WF + "/signing-secrets", "{}")).path("id").asText();
    }

    String freshToken() {
        return created(root.postJson(WF + "/webhook/tokens", "{}")).path("id").asText();
    }

    String freshHookSecret() {
        return created(root.postJson(WF + "/webhook/secrets", "{}")).path("id").asText();
    }

    String freshKey() {
        return created(root.postJson(API + "/keys", "{\"name\":\"gone" + next()
                + "\",\"role\":\"viewer\",\"teams\":[\"alpha\"]}")).path("id").asText();
    }

    String freshConnection() {
        String name = "gone" + next();
        created(root.postJson(API + "/connections", "{\"name\":\"" + name
                + "\",\"kind\":\"nats\",\"url\":\"nats://127.0.0.1:1\"}"));
        return name;
    }

    String freshSource() {
        String name = "gone" + next();
        created(root.postJson(API + "/event-sources", sourceJson(name)));
        return name;
    }

    static JsonNode created(Http.Reply r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    // ---- set-up ------------------------------------------------------------------------------------------

    @BeforeAll
    void start() throws Exception {
        capture = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                StringBuilder line = new StringBuilder(e.getFormattedMessage());
                for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                    line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
                }
                logLines.add(line.toString());
            }
        };
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        capture.setContext(context);
        capture.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(capture);

        dir = Files.createTempDirectory("flowgate-authz-it");
        server = TestServer.sqlite(dir);
        root = server.http();
        keys.put(Caller.NONE, null);
        keys.put(Caller.WRONG, "fgk_" + "0".repeat(43));
        keys.put(Caller.VIEWER, key("viewer", ALPHA));
        keys.put(Caller.OPERATOR, key("operator", ALPHA));
        keys.put(Caller.EDITOR, key("editor", ALPHA));
        keys.put(Caller.ADMIN, key("admin", ALPHA));
        keys.put(Caller.OTHER_TEAM, key("admin", "beta"));
        keys.put(Caller.ALL_TEAMS, server.app().adminKey());
        Http.Reply revoked = root.postJson(API + "/keys", "{\"name\":\"revoked\",\"role\":\"admin\",\"teams\":[]}");
        keys.put(Caller.REVOKED, revoked.json().path("key").asText());
        assertThat(root.delete(API + "/keys/" + revoked.json().path("id").asText()).status()).isEqualTo(204);

        assertThat(root.postJson(API + "/secrets", "{\"name\":\"PLANT\",\"value\":\"" + PLANTED + "\"}").status())
                .isEqualTo(201);
        JsonNode wf = created(root.postYaml(API + "/workflows", """
                id: wf
                team: alpha
                triggers:
                  manual: {}
                  webhook: {auth: bearer}
                  schedule: [{cron: "0 9 * * *"}]
                steps:
                  - id: t
                    type: transform
                    output: '{"shown": secrets.PLANT, "n": 1}'
                  - id: say
                    type: log
                    message: "the secret is {{ secrets.PLANT }}"
                    webhooks:
                      - name: tell
                        on: [completed]
                        url: http://127.0.0.1:9/hook
                        auth: {type: basic, username: svc, password: "{{ secrets.PLANT }}"}
                """));
        hookId = wf.path("webhook").path("hookId").asText();
        created(root.postYaml(API + "/workflows", """
                id: gate
                team: alpha
                steps:
                  - {id: ok, type: approval, message: "Go?"}
                """));
        created(root.postYaml(API + "/workflows", """
                id: broken
                team: alpha
                steps:
                  - {id: stop, type: fail, message: "stop"}
                """));
        formHookId = created(root.postYaml(API + "/workflows", """
                id: form
                team: alpha
                triggers:
                  webhook: {auth: none, form: true, params: [{name: name, in: body, type: string}]}
                steps:
                  - {id: t, type: transform, output: '{"ok": true}'}
                """)).path("webhook").path("hookId").asText();
        fresh = freshWorkflow();
        completedRun = root.postJson(API + "/workflows/wf/executions", "{\"inputs\":{}}").json().path("activityId")
                .asText();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() ->
                root.get(API + "/deliveries?executionId=" + completedRun).json().path("items").size() == 1);
        delivery = root.get(API + "/deliveries?executionId=" + completedRun).json().path("items").get(0).path("id")
                .asText();
        hookToken = created(root.postJson(WF + "/webhook/tokens", "{}")).path("token").asText();
        created(root.postJson(API + "/connections", "{\"name\":\"conn\",\"kind\":\"nats\",\"url\":"
                + "\"nats://127.0.0.1:1\",\"username\":\"u\",\"password\":\"" + CONNECTION_PASSWORD + "\"}"));
        created(root.postJson(API + "/event-sources", sourceJson("src")));
        alphaMarkers.addAll(List.of(hookId, formHookId, completedRun, delivery));
    }

    String key(String role, String team) {
        return created(root.postJson(API + "/keys", "{\"name\":\"" + role + "-" + team + "\",\"role\":\"" + role
                + "\",\"teams\":[\"" + team + "\"]}")).path("key").asText();
    }

    @AfterAll
    void stop() throws Exception {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                .detachAppender(capture);
        if (server != null) {
            server.close();
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    // ---- the matrix --------------------------------------------------------------------------------------

    static int rank(String role) {
        return List.of("viewer", "operator", "editor", "admin").indexOf(role);
    }

    static int expected(Row row, Caller caller) {
        if (row.reach() == Reach.OPEN) {
            return row.ok();
        }
        String role = switch (caller) {
            case NONE, WRONG, REVOKED -> null;
            case VIEWER -> "viewer";
            case OPERATOR -> "operator";
            case EDITOR -> "editor";
            case ADMIN, OTHER_TEAM, ALL_TEAMS -> "admin";
        };
        if (role == null) {
            return 401;
        }
        if (rank(role) < rank(row.role())) {
            return 403;
        }
        if (caller == Caller.ALL_TEAMS) {
            return row.ok();
        }
        if (row.reach() == Reach.ALL_TEAMS_ONLY) {
            return 403;
        }
        return caller == Caller.OTHER_TEAM ? row.otherTeam() : row.ok();
    }

    @Test
    @Order(1)
    void every_route_answers_every_caller_as_the_table_says() throws Exception {
        Set<String> declared = new TreeSet<>();
        for (DeclaredRoute r : server.app().routeTable()) {
            declared.add(r.key());
        }
        Map<String, Row> table = new LinkedHashMap<>();
        TABLE.forEach(r -> table.put(r.route(), r));
        assertThat(table).as("one row per route").hasSameSizeAs(TABLE);
        assertThat(new TreeSet<>(table.keySet())).as("the table names exactly the declared routes")
                .isEqualTo(declared);
        for (DeclaredRoute r : server.app().routeTable()) {
            assertThat(table.get(r.key()).role()).as("role of " + r.key()).isEqualTo(r.role());
        }

        List<String> wrong = new ArrayList<>();
        int cells = 0;
        for (Row row : TABLE) {
            for (Caller caller : Caller.values()) {
                Req req = row.req().apply(this);
                Answer a = call(req, keys.get(caller));
                cells++;
                int want = expected(row, caller);
                if (a.status() != want) {
                    wrong.add(row.route() + " as " + caller + ": " + a.status() + " (want " + want + ") "
                            + a.body().substring(0, Math.min(200, a.body().length())));
                }
                if (caller == Caller.OTHER_TEAM) {
                    for (String marker : alphaMarkers) {
                        if (a.body().contains(marker) && !req.path().contains(marker)) {
                            wrong.add(row.route() + " as OTHER_TEAM names alpha's " + marker);
                        }
                    }
                }
            }
        }
        System.out.println("Authorization matrix: " + TABLE.size() + " routes x " + Caller.values().length
                + " callers = " + cells + " cells checked");
        assertThat(wrong).as(cells + " cells").isEmpty();
    }

    @Test
    @Order(2)
    void a_team_admin_manages_only_keys_within_its_teams() {
        Http beta = root.withKey(keys.get(Caller.OTHER_TEAM));
        assertThat(beta.postJson(API + "/keys", "{\"name\":\"up\",\"role\":\"admin\",\"teams\":[]}").status())
                .as("an all-teams key minted by a team admin").isEqualTo(403);
        assertThat(beta.postJson(API + "/keys", "{\"name\":\"up\",\"role\":\"admin\"}").status()).isEqualTo(403);
        assertThat(beta.postJson(API + "/keys", "{\"name\":\"up\",\"role\":\"admin\",\"teams\":[\"beta\","
                + "\"alpha\"]}").status()).isEqualTo(403);
        Http.Reply own = beta.postJson(API + "/keys", "{\"name\":\"b2\",\"role\":\"viewer\",\"teams\":[\"beta\"]}");
        assertThat(own.status()).isEqualTo(201);
        JsonNode listed = beta.get(API + "/keys").json().path("items");
        List<String> names = new ArrayList<>();
        listed.forEach(k -> names.add(k.path("name").asText()));
        assertThat(names).contains("admin-beta", "b2").doesNotContain("admin-alpha", "viewer-alpha", "revoked");
        String alphaKeyId = null;
        for (JsonNode k : root.get(API + "/keys").json().path("items")) {
            if (k.path("name").asText().equals("viewer-alpha")) {
                alphaKeyId = k.path("id").asText();
            }
        }
        assertThat(beta.delete(API + "/keys/" + alphaKeyId).status()).isEqualTo(404);
        assertThat(root.get(API + "/me").status()).isEqualTo(200);
        assertThat(call(keys.get(Caller.VIEWER), "GET", API + "/me")).isEqualTo(200); // still live
    }

    int call(String key, String method, String path) {
        try {
            return call(new Req(method, path, null, null), key).status();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(3)
    void webhook_and_event_tokens_reach_their_own_workflow_only() throws Exception {
        String otherHook = created(root.postYaml(API + "/workflows", """
                id: other
                team: alpha
                triggers:
                  manual: {}
                  webhook: {auth: bearer}
                  events: [{type: matrix.ping}]
                steps:
                  - {id: t, type: transform, output: '{"ok": true}'}
                """)).path("webhook").path("hookId").asText();
        String otherRun = root.postJson(API + "/workflows/other/executions", "{\"inputs\":{}}").json()
                .path("activityId").asText();
        Http token = root.withKey(hookToken);

        assertThat(token.postJson("/hooks/" + hookId, "{}").status()).as("its own hook").isEqualTo(202);
        assertThat(token.postJson("/hooks/" + otherHook, "{}").status()).as("another workflow's hook").isEqualTo(401);
        assertThat(token.get(API + "/workflows/wf").status()).as("not an API key").isEqualTo(401);
        assertThat(token.get(API + "/executions/" + completedRun).status()).isEqualTo(401);
        assertThat(token.get(API + "/executions").status()).isEqualTo(401);
        assertThat(token.postJson(API + "/workflows/other/executions", "{}").status()).isEqualTo(401);
        assertThat(token.postJson(API + "/workflows/wf/executions", "{}").status()).isEqualTo(401);
        assertThat(token.get("/webhook/status/" + completedRun).status()).as("its own run").isEqualTo(200);
        assertThat(token.get("/webhook/status/" + otherRun).status()).as("another workflow's run").isEqualTo(404);
        Http.Reply payload = token.postJson("/webhook/payload", "{\"workflowId\":\"other\"}");
        assertThat(payload.status()).isEqualTo(202);
        String started = payload.json().path("activityId").asText();
        assertThat(root.get(API + "/executions/" + started).json().path("workflowId").asText()).isEqualTo("wf");

        // An event sent with wf's token reaches wf only: "other" listens for its type and is not started.
        String ping = "{\"specversion\":\"1.0\",\"source\":\"/matrix\",\"type\":\"matrix.ping\",\"id\":\"";
        assertThat(token.post(API + "/events", "application/cloudevents+json", ping + "by-token\"}").status())
                .isEqualTo(202);
        assertThat(root.withKey(keys.get(Caller.OPERATOR)).post(API + "/events", "application/cloudevents+json",
                ping + "by-key\"}").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            int processed = 0;
            for (JsonNode e : root.get(API + "/events?type=matrix.ping").json().path("items")) {
                processed += e.path("processed").asBoolean() ? 1 : 0;
            }
            return processed == 2;
        });
        for (JsonNode e : root.get(API + "/events?type=matrix.ping").json().path("items")) {
            int runs = e.path("started").size();
            assertThat(runs).as(e.path("id").asText()).isEqualTo(e.path("id").asText().equals("by-key") ? 1 : 0);
        }
        assertThat(call(keys.get(Caller.WRONG), "GET", "/webhook/status/" + completedRun)).isEqualTo(401);
    }

    /** Last: it scans every answer the other tests received too. */
    @Test
    @Order(4)
    void a_planted_secret_never_shows_in_an_answer_a_log_line_a_record_or_a_file() throws Exception {
        // The secret as a basic-auth password of a hook: the caller sends it, the request log must not keep it.
        String basicHook = created(root.postYaml(API + "/workflows", """
                id: basic
                team: alpha
                triggers:
                  webhook: {auth: {type: basic, username: shop, password: "{{ secrets.PLANT }}"}}
                steps:
                  - {id: t, type: transform, output: '{"echo": secrets.PLANT}'}
                  - {id: say, type: log, message: "basic {{ secrets.PLANT }}"}
                """)).path("webhook").path("hookId").asText();
        String basic = java.util.Base64.getEncoder().encodeToString(("shop:" + PLANTED).getBytes(StandardCharsets.UTF_8));
        Http.Reply accepted = root.withKey(null).send(root.withKey(null).request("/hooks/" + basicHook)
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")));
        assertThat(accepted.status()).isEqualTo(202);
        String basicRun = accepted.json().path("activityId").asText();
        // A secret in a token query value of a refused request is logged masked.
        assertThat(root.withKey(null).postJson("/hooks/" + hookId + "?token=" + PLANTED, "{}").status()).isEqualTo(401);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
                root.get(API + "/executions/" + basicRun).json().path("status").asText().equals("completed"));
        // The delivery to a closed port has been tried at least once, so its attempt record exists.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
                root.get(API + "/deliveries/" + delivery).json().path("attempts").asInt() >= 1);

        List<String> reads = List.of(API + "/executions/" + completedRun, API + "/executions/" + basicRun,
                API + "/executions?limit=100", API + "/deliveries/" + delivery, API + "/deliveries",
                WF + "/requests", API + "/workflows/basic/requests", API + "/workflows/wf", API + "/workflows/basic",
                API + "/workflows/basic/revisions/1", API + "/secrets", API + "/events", API + "/connections/conn",
                "/webhook/status/" + completedRun + "?token=" + hookToken);
        for (String path : reads) {
            Http.Reply r = (path.startsWith("/webhook/") ? root.withKey(null) : root).get(path);
            assertThat(r.status()).as(path).isEqualTo(200);
            answers.add(r.raw().body());
        }
        assertThat(root.get(API + "/executions/" + completedRun).raw().body()).contains("***");

        List<String> planted = List.of(PLANTED, basic, CONNECTION_PASSWORD);
        for (String answer : answers) {
            for (String p : planted) {
                assertThat(answer).as("an answer").doesNotContain(p);
            }
        }
        for (String line : logLines) {
            for (String p : List.of(PLANTED, basic, CONNECTION_PASSWORD, hookToken)) {
                assertThat(line).as("a log line").doesNotContain(p);
            }
        }
        int files = 0;
        try (var paths = Files.walk(dir)) {
            for (Path file : paths.filter(Files::isRegularFile).toList()) {
                files++;
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String p : List.of(PLANTED, basic, CONNECTION_PASSWORD, hookToken)) {
                    assertThat(bytes.contains(p)).as(file + " holds " + p).isFalse();
                }
            }
        }
        assertThat(files).as("files scanned").isGreaterThanOrEqualTo(3);
        assertThat(logLines).as("log lines captured").isNotEmpty();
    }

    record Answer(int status, String body) {}

    /** One call; a stream route is read only up to its status and first bytes, then closed. */
    Answer call(Req req, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(root.base() + req.path()))
                .timeout(Duration.ofSeconds(60));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (req.contentType() != null) {
            b.header("Content-Type", req.contentType());
        }
        b.method(req.method(), req.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(req.body()));
        HttpResponse<InputStream> r = root.client().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        String body;
        try (InputStream in = r.body()) {
            boolean stream = r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
            body = new String(stream ? in.readNBytes(in.available()) : in.readAllBytes(), StandardCharsets.UTF_8);
        }
        answers.add(body);
        return new Answer(r.statusCode(), body);
    }
}
