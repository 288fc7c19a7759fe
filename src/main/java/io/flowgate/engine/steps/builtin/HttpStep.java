package io.flowgate.engine.steps.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.FlowgateException;
import io.flowgate.core.Json;
import io.flowgate.core.Problem;
import io.flowgate.engine.steps.StepConfig;
import io.flowgate.engine.steps.StepContext;
import io.flowgate.engine.steps.StepResult;
import io.flowgate.engine.steps.StepType;
import io.flowgate.expr.Template;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code http}: one outbound request per attempt, with {@code Idempotency-Key:
 * executionId:stepId:attempt} so the receiver can drop a repeat after a crash or retry. Outputs
 * {@code {status, headers, body}}; a status outside {@code expect} (default: any 2xx) fails the
 * attempt, and the step's retry policy decides what happens next.
 */
public final class HttpStep implements StepType {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final int MAX_BODY_CHARS = 1024 * 1024;
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    @Override
    public String name() {
        return "http";
    }

    @Override
    public List<Problem> validate(String path, ObjectNode config) {
        StepConfig c = new StepConfig(path, config).onlyFields(Set.of("request", "expect"));
        JsonNode request = config.get("request");
        if (request == null || !request.isObject()) {
            c.problem("request", "is required: {method, url, headers, body}");
            return c.problems();
        }
        StepConfig r = new StepConfig(path + ".request", (ObjectNode) request)
                .onlyFields(Set.of("method", "url", "headers", "body")).requireText("url").templates("url")
                .templates("headers").templates("body");
        JsonNode method = request.get("method");
        if (method != null && !(method.isTextual() && METHODS.contains(method.asText().toUpperCase(Locale.ROOT)))) {
            r.problem("method", "must be one of " + String.join(", ", new java.util.TreeSet<>(METHODS)));
        }
        JsonNode headers = request.get("headers");
        if (headers != null && !headers.isObject()) {
            r.problem("headers", "must be an object of header names to values");
        }
        c.problems().addAll(r.problems());
        JsonNode expect = config.get("expect");
        if (expect != null) {
            boolean ok = expect.isArray() && expect.size() > 0;
            if (ok) {
                for (JsonNode e : expect) {
                    ok &= e.isInt() && e.asInt() >= 100 && e.asInt() <= 599;
                }
            }
            if (!ok) {
                c.problem("expect", "must be a non-empty list of HTTP status codes, e.g. [200, 201]");
            }
        }
        return c.problems();
    }

    @Override
    public StepResult execute(StepContext context) throws Exception {
        JsonNode request = Template.renderTree(context.config().get("request"), context.data(), context.clock());
        String method = request.path("method").asText("GET").toUpperCase(Locale.ROOT);
        URI uri;
        try {
            uri = URI.create(request.path("url").asText());
        } catch (IllegalArgumentException e) {
            return new StepResult.Failed("Invalid URL '" + request.path("url").asText() + "': " + e.getMessage(), false);
        }
        try {
            context.services().outboundPolicy().check(uri);
        } catch (FlowgateException e) {
            return new StepResult.Failed(e.getMessage(), false);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(context.step().timeout() != null ? context.step().timeout() : DEFAULT_TIMEOUT)
                .header("Idempotency-Key", context.idempotencyKey())
                .header("User-Agent", "Flowgate");
        boolean hasContentType = false;
        JsonNode headers = request.get("headers");
        if (headers != null && headers.isObject()) {
            for (Map.Entry<String, JsonNode> h : (Iterable<Map.Entry<String, JsonNode>>) headers::fields) {
                String value = h.getValue().isTextual() ? h.getValue().asText() : h.getValue().toString();
                b.header(h.getKey(), value);
                hasContentType |= h.getKey().equalsIgnoreCase("content-type");
            }
        }
        JsonNode body = request.get("body");
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.noBody();
        if (body != null && !body.isNull()) {
            boolean text = body.isTextual();
            publisher = HttpRequest.BodyPublishers.ofString(text ? body.asText() : Json.write(body));
            if (!hasContentType) {
                b.header("Content-Type", text ? "text/plain; charset=utf-8" : "application/json");
            }
        }
        HttpResponse<byte[]> response = context.services().httpClient().send(b.method(method, publisher).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        ObjectNode outputs = outputs(response);
        if (!expected(context.config().get("expect"), response.statusCode())) {
            return new StepResult.Failed("HTTP " + method + " " + uri + " answered " + response.statusCode(), true);
        }
        return StepResult.completed(outputs);
    }

    private static boolean expected(JsonNode expect, int status) {
        if (expect == null) {
            return status >= 200 && status < 300;
        }
        for (JsonNode e : expect) {
            if (e.asInt() == status) {
                return true;
            }
        }
        return false;
    }

    static ObjectNode outputs(HttpResponse<byte[]> response) {
        ObjectNode out = Json.object();
        out.put("status", response.statusCode());
        ObjectNode headers = out.putObject("headers");
        response.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(", ", v)));
        byte[] bytes = response.body();
        String contentType = response.headers().firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
        if (bytes.length == 0) {
            out.putNull("body");
        } else if (contentType.contains("json")) {
            try {
                out.set("body", Json.MAPPER.readTree(bytes));
            } catch (java.io.IOException e) {
                out.put("body", truncate(new String(bytes, StandardCharsets.UTF_8)));
            }
        } else if (contentType.startsWith("text/") || contentType.contains("xml") || contentType.isEmpty()) {
            out.put("body", truncate(new String(bytes, StandardCharsets.UTF_8)));
        } else {
            out.put("body", Base64.getEncoder().encodeToString(bytes.length > MAX_BODY_CHARS
                    ? java.util.Arrays.copyOf(bytes, MAX_BODY_CHARS) : bytes));
        }
        return out;
    }

    private static String truncate(String s) {
        return s.length() > MAX_BODY_CHARS ? s.substring(0, MAX_BODY_CHARS) : s;
    }
}
