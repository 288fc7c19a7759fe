package io.flowgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.api.DeclaredRoute;
import io.flowgate.core.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The requests {@link HttpRouteFuzzTest} sends: for a route of the server's route table, a request the route
 * accepts (ids that exist, a valid example body, the right credential) with one part or every part fuzzed.
 */
final class RouteCases {
    static final String API = "/api/v1";
    static final Pattern PARAM = Pattern.compile("\\{([a-zA-Z]+)}");

    static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS",
            "TRACE", "FOO", "get");
    static final List<String> HOSTILE = List.of("", "%20", "..", "%2e%2e", "..%2f..%2fpom.xml", "%00", "a%00b",
            "%zz", "%", "%ff%fe", "%C3%A9t%C3%A9", "é😀", "\u202e", "a;b", "a:b", "a%2Fb", "~", "'", "\"", "<x>",
            "null", "-1", "0", "99999999999999999999", "1e9", "x".repeat(3000), "%2e".repeat(300), "a/b/c",
            "../../../../etc/passwd", "ex_0000000000000000000000000", "wf", "gate", "form", "*", "{id}");
    static final List<String> QUERY_NAMES = List.of("limit", "cursor", "status", "workflowId", "trigger", "cron",
            "timezone", "count", "from", "to", "wait", "timeout", "type", "executionId", "revision", "q", "team", "id",
            "token");
    static final List<String> QUERY_VALUES = List.of("", "1", "0", "-1", "10", "500", "501", "99999999999999999999",
            "abc", "completed", "failure", "webhook", "wf", "0+9+*+*+*", "*+*+*+*+*+*+*", "61+*+*+*+*", "Europe/Paris",
            "Mars/Base", "2026-11-26T00:00:00Z", "2026-13-45", "PT1S", "PT0S", "-PT1S", "P1D", "PT0.1S", "%zz", "%00",
            "é😀", "%C3%A9", "x".repeat(3000), "eyJhIjoxfQ", "fuzz.ping", "alpha", "a&b", "=", "1.5", "true");
    static final List<String> CONTENT_TYPES = List.of("application/json", "application/yaml", "text/plain",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=B", "multipart/form-data",
            "application/cloudevents+json", "application/cloudevents-batch+json", "application/octet-stream",
            "application/json; charset=utf-16", "application/xml", ";", "", "x".repeat(3000), "*/*",
            "application/json, text/plain");
    static final List<String> ODD_HEADERS = List.of("X-Long: " + "a".repeat(9000), "X-Long: " + "a".repeat(20_000),
            "Idempotency-Key: " + "k".repeat(300), "Idempotency-Key: ", "X-Bin: \u0001\u0002", "X-Latin: \u00e9\u00ff",
            "Content-Encoding: gzip", "Accept: */*;q=abc", "Accept-Charset: utf-32", "If-None-Match: *",
            "If-None-Match: \"x\"", "Expect: 100-continue", "webhook-id: m1", "webhook-timestamp: abc",
            "webhook-signature: v1,AAAA", "X-Hub-Signature-256: sha256=00", "ce-specversion: 1.0", "ce-id: 1",
            "ce-type: fuzz.ping", "ce-source: /fuzz", "ce-time: soon", "Cookie: a=b", "Range: bytes=0-1",
            "Authorization: Basic Zm9vOmJhcg==", "Authorization: Bearer", "Authorization: \u00ff\u00fe",
            "Origin: http://evil.example", "X-Forwarded-For: 1.2.3.4, 5.6.7.8", "Last-Event-ID: abc");
    static final List<String> ODD_VALUES = List.of("\"\"", "null", "1e999", "-0", "[]", "{}", "\"é😀\u202e\"",
            "\"\\u0000\"", "\"\\ud800\"", "\"" + "x".repeat(5000) + "\"", "99999999999999999999999", "true",
            "\"../../x\"", "\"{{ secrets.S1 }}\"", "\"$sum(1)\"", "[".repeat(1200) + "]".repeat(1200));

    record Case(String method, String path, String route, List<String> headers, byte[] body) {
        byte[] bytes() {
            StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1\r\nConnection: close\r\n");
            headers.forEach(h -> head.append(h).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            // Headers as UTF-8: a client may send any bytes, and Unicode paths arrive raw.
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                out.writeBytes(body);
            }
            return out.toByteArray();
        }

        @Override
        public String toString() {
            String text = new String(bytes(), StandardCharsets.UTF_8);
            return "[" + route + "] " + (text.length() > 1500 ? text.substring(0, 1500) + "…" : text);
        }
    }

    private final List<DeclaredRoute> routes;
    /** {@code admin}, {@code viewer} (API keys), {@code token} (a token of workflow {@code wf}). */
    private final Map<String, String> credentials;
    /** Ids of things that exist: {@code hook}, {@code form}, {@code run}, {@code waiting}, {@code keyId}, … */
    private final Map<String, String> ids;

    RouteCases(List<DeclaredRoute> routes, Map<String, String> credentials, Map<String, String> ids) {
        this.routes = List.copyOf(routes);
        this.credentials = Map.copyOf(credentials);
        this.ids = Map.copyOf(ids);
    }

    static String workflowYaml(String id) {
        return "id: " + id + "\nteam: alpha\nsteps:\n  - {id: t, type: transform, output: '{\"ok\": true}'}\n"
                + "triggers:\n  manual: {}\n";
    }

    enum Part { METHOD, PATH, QUERY, AUTH, BODY, CONTENT_TYPE, HEADERS }

    /**
     * Two cases in three are near-valid: a request the route accepts, with one part (or none) fuzzed, so that the
     * cases reach past the first check; the third has every part fuzzed at once.
     */
    Case generate(Random r) {
        DeclaredRoute route = pick(r, routes);
        boolean wild = r.nextInt(3) == 0;
        int only = r.nextInt(Part.values().length + 1);
        java.util.function.Predicate<Part> fuzz = p -> wild || p.ordinal() == only;
        String method = fuzz.test(Part.METHOD) && r.nextInt(3) > 0 ? pick(r, METHODS) : route.method();
        String path = path(r, route, fuzz.test(Part.PATH));
        String query = query(r, route, fuzz.test(Part.QUERY));
        List<String> headers = new ArrayList<>();
        String token = credentials.get("token");
        int auth = fuzz.test(Part.AUTH) ? r.nextInt(6) : -1;
        switch (auth) {
            case 0 -> { }
            case 1 -> headers.add("Authorization: Bearer fgk_" + "0".repeat(43));
            case 2 -> headers.add("Authorization: Bearer " + credentials.get("viewer"));
            case 3 -> headers.add("Authorization: Bearer " + token);
            case 4 -> query = (query.isEmpty() ? "?" : query + "&") + "token=" + token;
            case 5 -> headers.add("Authorization: Bearer " + credentials.get("admin"));
            default -> {
                if (route.path().startsWith("/hooks/") || route.path().startsWith("/webhook/")) {
                    headers.add("Authorization: Bearer " + token);
                } else if (!route.path().startsWith("/forms/")) {
                    headers.add("Authorization: Bearer " + credentials.get("admin"));
                }
            }
        }
        Example example = example(r, route, path);
        boolean takesBody = List.of("POST", "PUT", "PATCH").contains(route.method());
        byte[] body = takesBody ? bytes(example.body()) : null;
        if (fuzz.test(Part.BODY)) {
            switch (r.nextInt(10)) {
                case 0 -> body = null;
                case 1 -> body = new byte[0];
                case 2 -> body = bytes(example.body());
                case 3, 4, 5, 6 -> body = bytes(mutated(r, example.body()));
                case 7 -> body = bytes(Json.write(tree(r, 0)));
                case 8 -> {
                    body = new byte[r.nextInt(400)];
                    r.nextBytes(body);
                }
                default -> {
                    body = new byte[r.nextInt(20) == 0 ? 1024 * 1024 + 1 : r.nextInt(100_000)];
                    java.util.Arrays.fill(body, (byte) '[');
                }
            }
        }
        String contentType = example.contentType();
        if (fuzz.test(Part.CONTENT_TYPE)) {
            contentType = r.nextInt(4) == 0 ? null : pick(r, CONTENT_TYPES);
        }
        if (contentType != null && body != null) {
            headers.add("Content-Type: " + contentType);
        }
        if (fuzz.test(Part.HEADERS)) {
            int odd = 1 + r.nextInt(3);
            for (int i = 0; i < odd; i++) {
                headers.add(pick(r, ODD_HEADERS));
            }
        }
        return new Case(method, path + query, route.key(), headers, body);
    }

    /** The route's path with each parameter valid (a thing that exists), mutated or hostile. */
    String path(Random r, DeclaredRoute route, boolean fuzz) {
        Matcher m = PARAM.matcher(route.path());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String valid = valid(route, m.group(1));
            String value = !fuzz ? valid : switch (r.nextInt(6)) {
                case 0, 1, 2 -> valid;
                case 3 -> valid + pick(r, HOSTILE);
                default -> pick(r, HOSTILE);
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        String path = out.toString();
        return !fuzz ? path : switch (r.nextInt(8)) {
            case 0 -> path + "/";
            case 1 -> path + "/" + pick(r, HOSTILE);
            case 2 -> path.replaceFirst("/", "//");
            case 3 -> path.toUpperCase(Locale.ROOT);
            default -> path;
        };
    }

    /** A value that names an existing thing; deletions and regenerations aim at a spare that may be gone. */
    String valid(DeclaredRoute route, String param) {
        String p = route.path();
        boolean usesUp = (route.method().equals("DELETE") && p.equals(API + "/workflows/{id}"))
                || p.endsWith("/regenerate");
        return switch (param) {
            case "hookId" -> p.startsWith("/forms/") ? ids.get("form") : ids.get("hook");
            case "id" -> {
                if (p.startsWith(API + "/workflows/")) {
                    yield usesUp ? "spare" : "wf";
                } else if (p.startsWith(API + "/executions/")) {
                    yield p.contains("/steps/") ? ids.get("waiting") : ids.get("run");
                } else if (p.startsWith(API + "/schedules/")) {
                    yield "alpha:wf:0";
                } else if (p.startsWith(API + "/keys/")) {
                    yield ids.get("keyId");
                }
                yield "x1";
            }
            case "n" -> "1";
            case "stepId" -> "ok";
            case "secretId" -> p.contains("signing") ? ids.get("signingId") : ids.get("secretId");
            case "tokenId" -> ids.get("spareTokenId"); // not the token the cases send
            case "name" -> p.contains("/secrets/") ? "S1" : "c1";
            case "activityId" -> ids.get("run");
            case "path" -> p.startsWith("/ui/") ? "app.js" : "swagger-ui/5.34.1/swagger-ui.css";
            case "sub" -> "x";
            default -> "x";
        };
    }

    String query(Random r, DeclaredRoute route, boolean fuzz) {
        StringBuilder q = new StringBuilder();
        int n = fuzz ? 1 + r.nextInt(4) : 0;
        for (int i = 0; i < n; i++) {
            q.append(q.isEmpty() ? "?" : "&");
            switch (r.nextInt(8)) {
                case 0 -> q.append(pick(r, HOSTILE));
                case 1 -> q.append(pick(r, QUERY_NAMES));
                default -> q.append(pick(r, QUERY_NAMES)).append('=').append(pick(r, QUERY_VALUES));
            }
        }
        if (!fuzz && route.path().endsWith("/schedules/preview")) {
            q.append("?cron=0+9+*+*+MON-FRI&timezone=Europe/Paris&count=3");
        }
        if (route.path().endsWith("/webhook/capture")) {
            // A capture waits for a sample (3 minutes by default): bounded here, as the console's countdown is.
            q.append(q.isEmpty() ? "?" : "&").append("timeout=PT0.2S");
        }
        return q.toString();
    }

    record Example(String contentType, String body) {}

    Example example(Random r, DeclaredRoute route, String path) {
        String p = route.path();
        String json = "application/json";
        if (p.equals(API + "/workflows") || p.equals(API + "/workflows/validate") || p.equals(API + "/workflows/{id}")) {
            String id = p.endsWith("{id}") ? path.substring(path.lastIndexOf('/') + 1) : "fz-" + r.nextInt(20);
            return r.nextBoolean() ? new Example("application/yaml", workflowYaml(id) + "  webhook: {auth: bearer}\n")
                    : new Example(json, "{\"id\":\"" + id + "\",\"team\":\"alpha\",\"steps\":[{\"id\":\"t\",\"type\":"
                    + "\"transform\",\"output\":\"{'n': 1}\"}],\"triggers\":{\"manual\":{}}}");
        }
        if (p.endsWith("/executions") && p.contains("/workflows/")) {
            return new Example(json, "{\"inputs\":{\"a\":1,\"b\":[\"x\",null]}}");
        }
        if (p.equals(API + "/secrets")) {
            return new Example(json, "{\"name\":\"S" + r.nextInt(20) + "\",\"value\":\"v\"}");
        }
        if (p.equals(API + "/keys")) {
            return new Example(json, "{\"name\":\"k" + r.nextInt(20) + "\",\"role\":\"viewer\",\"teams\":[\"alpha\"]}");
        }
        if (p.equals(API + "/events")) {
            String event = "{\"specversion\":\"1.0\",\"id\":\"e" + r.nextInt(1000) + "\",\"source\":\"/fuzz\","
                    + "\"type\":\"fuzz.ping\",\"time\":\"2026-11-26T12:00:00Z\",\"data\":{\"a\":1}}";
            return r.nextBoolean() ? new Example("application/cloudevents+json", event)
                    : new Example("application/cloudevents-batch+json", "[" + event + "," + event + "]");
        }
        if (p.equals(API + "/connections")) {
            return new Example(json, "{\"name\":\"c1\",\"kind\":\"nats\",\"url\":\"nats://127.0.0.1:1\"}");
        }
        if (p.equals(API + "/event-sources")) {
            return new Example(json, "{\"name\":\"src\",\"connection\":\"c" + r.nextInt(3) + "\",\"nats\":"
                    + "{\"stream\":\"FUZZ\",\"subject\":\"fuzz.x\"},\"event\":{\"type\":\"fuzz.noop\"}}");
        }
        if (p.endsWith("/backfill")) {
            Instant now = Instant.now();
            return new Example(json, "{\"from\":\"" + now.minus(Duration.ofHours(1)) + "\",\"to\":\""
                    + now.minus(Duration.ofMinutes(59)) + "\"}");
        }
        if (p.endsWith("/webhook/params")) {
            return new Example(json, "{\"sample\":{\"a\":1,\"b\":{\"c\":[1,2]},\"d\":\"x\"}}");
        }
        if (p.endsWith("/approve") || p.endsWith("/reject")) {
            return new Example(json, "{\"comment\":\"fine\"}");
        }
        if (p.equals("/webhook/payload")) {
            return new Example(json, "{\"workflowId\":\"wf\",\"order\":{\"id\":\"1\"}}");
        }
        if (p.startsWith("/forms/")) {
            return new Example("application/x-www-form-urlencoded", "name=x&other=%C3%A9");
        }
        if (p.startsWith("/hooks/")) {
            return switch (r.nextInt(3)) {
                case 0 -> new Example("application/x-www-form-urlencoded", "order.id=1&a=b&a=c");
                case 1 -> new Example("multipart/form-data; boundary=B", "--B\r\nContent-Disposition: form-data; "
                        + "name=\"a\"\r\n\r\nx\r\n--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"f.txt\""
                        + "\r\nContent-Type: text/plain\r\n\r\nhello\r\n--B--\r\n");
                default -> new Example(json, "{\"order\":{\"id\":\"A1\",\"items\":[{\"price\":2.5}]},\"n\":1.5e3}");
            };
        }
        return new Example(json, "{}");
    }

    /** Text edits: deleted or inserted characters, cut short, a value replaced by an odd one. */
    static String mutated(Random r, String text) {
        StringBuilder t = new StringBuilder(text);
        int edits = 1 + r.nextInt(4);
        for (int i = 0; i < edits && !t.isEmpty(); i++) {
            int at = r.nextInt(t.length());
            switch (r.nextInt(5)) {
                case 0 -> t.deleteCharAt(at);
                case 1 -> t.insert(at, pick(r, List.of("{", "}", "[", "]", ",", ":", "\"", "\\", "\n", "\t", "'",
                        "&", "*", "!!", "- ", "%", "\u0000", "é😀")));
                case 2 -> t.setLength(at);
                default -> {
                    int colon = t.indexOf(":", at);
                    if (colon >= 0) {
                        int end = colon + 1;
                        while (end < t.length() && ",}\n".indexOf(t.charAt(end)) < 0) {
                            end++;
                        }
                        t.replace(colon + 1, end, pick(r, ODD_VALUES));
                    }
                }
            }
        }
        return t.toString();
    }

    static JsonNode tree(Random r, int depth) {
        var nodes = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        return switch (depth > 3 ? r.nextInt(4) : r.nextInt(6)) {
            case 0 -> nodes.textNode(pick(r, List.of("", "wf", "é😀", "x".repeat(500), "{{ secrets.S1 }}", "1.0")));
            case 1 -> nodes.numberNode(r.nextBoolean() ? Long.MIN_VALUE : r.nextInt(100));
            case 2 -> nodes.booleanNode(r.nextBoolean());
            case 3 -> nodes.nullNode();
            case 4 -> {
                var o = nodes.objectNode();
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    o.set(pick(r, List.of("id", "name", "inputs", "value", "role", "teams", "kind", "url", "from",
                            "to", "sample", "comment", "steps", "type", "workflowId", "specversion", "")), tree(r, depth + 1));
                }
                yield o;
            }
            default -> {
                var a = nodes.arrayNode();
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    a.add(tree(r, depth + 1));
                }
                yield a;
            }
        };
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static <T> T pick(Random r, List<T> from) {
        return from.get(r.nextInt(from.size()));
    }
}
