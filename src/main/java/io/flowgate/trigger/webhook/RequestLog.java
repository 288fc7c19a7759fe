package io.flowgate.trigger.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Ids;
import io.flowgate.core.Json;
import io.flowgate.store.WebhookStore.RequestEntry;
import io.flowgate.workflow.WorkflowSummary;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the request log and the {@code trigger.headers}/{@code trigger.query} pills may keep of a
 * request: credentials are replaced by {@code ***} (they would otherwise live on in every execution
 * context and log row), and logged bodies are cut to {@link #BODY_CHARS}.
 */
final class RequestLog {
    static final int BODY_CHARS = 4096;
    static final String REDACTED = "***";
    static final Set<String> SECRET_HEADERS =
            Set.of("authorization", "proxy-authorization", "cookie", "x-api-key", "x-auth-token");
    static final Set<String> SECRET_QUERY = Set.of("token", "access_token", "api_key");
    private static final java.util.regex.Pattern TOKEN_FIELD =
            java.util.regex.Pattern.compile("\"token\"\\s*:\\s*\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final String REDACTED_TOKEN = "\"token\": \"" + REDACTED + "\"";

    private RequestLog() {}

    static ObjectNode headers(Map<String, List<String>> headers) {
        ObjectNode out = Json.object();
        headers.forEach((name, values) -> {
            String n = name.toLowerCase(Locale.ROOT);
            if (SECRET_HEADERS.contains(n)) {
                out.put(n, REDACTED);
            } else if (values.size() == 1) {
                out.put(n, values.getFirst());
            } else {
                out.set(n, Json.valueToTree(values));
            }
        });
        return out;
    }

    static ObjectNode query(Map<String, List<String>> query) {
        ObjectNode out = Json.object();
        query.forEach((name, values) -> {
            if (SECRET_QUERY.contains(name)) {
                out.put(name, REDACTED);
            } else if (values.size() == 1) {
                out.put(name, values.getFirst());
            } else {
                out.set(name, Json.valueToTree(values));
            }
        });
        return out;
    }

    /** The path with secret query values replaced. */
    static String pathWithQuery(InboundRequest req) {
        if (req.query().isEmpty()) {
            return req.path();
        }
        StringBuilder sb = new StringBuilder(req.path()).append('?');
        boolean first = true;
        for (var e : req.query().entrySet()) {
            for (String v : e.getValue()) {
                sb.append(first ? "" : "&").append(e.getKey()).append('=')
                        .append(SECRET_QUERY.contains(e.getKey()) ? REDACTED : v);
                first = false;
            }
        }
        return sb.length() > 2048 ? sb.substring(0, 2048) : sb.toString();
    }

    /** Text bodies cut to {@link #BODY_CHARS}; a JSON body's top-level {@code token} is redacted; binary as base64. */
    static String body(byte[] bytes, JsonNode parsedOrNull) {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        boolean utf8 = RequestBody.isUtf8(bytes);
        String raw = utf8 ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : null;
        boolean unparsed = parsedOrNull == null;
        if (unparsed && raw != null && raw.contains("\"token\"")) {
            parsedOrNull = jsonObject(raw); // a refusal logs the body before (or without) parsing it
        }
        String text;
        if (parsedOrNull != null && parsedOrNull.isObject() && parsedOrNull.has("token")) {
            ObjectNode copy = parsedOrNull.deepCopy();
            copy.put("token", REDACTED);
            text = Json.write(copy);
        } else if (raw != null) {
            // A refused body that is not a JSON object (a cut-off one, say) still keeps no token-looking field.
            boolean tokenLooking = unparsed && parsedOrNull == null && raw.contains("\"token\"");
            text = tokenLooking ? TOKEN_FIELD.matcher(raw).replaceAll(REDACTED_TOKEN) : raw;
        } else {
            byte[] head = bytes.length > BODY_CHARS ? java.util.Arrays.copyOf(bytes, BODY_CHARS) : bytes;
            text = "base64:" + Base64.getEncoder().encodeToString(head);
        }
        return text.length() > BODY_CHARS ? text.substring(0, BODY_CHARS) + "…" : text;
    }

    private static JsonNode jsonObject(String text) {
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    static RequestEntry entry(Clock clock, WorkflowSummary w, Instant received, InboundRequest req, JsonNode parsed,
                              int status, String executionId) {
        return entry(clock, w, received, req, headers(req.headers()), parsed, null, status, executionId);
    }

    /** With the redacted headers and the body text already at hand (the accept path has both). */
    static RequestEntry entry(Clock clock, WorkflowSummary w, Instant received, InboundRequest req,
                              ObjectNode redactedHeaders, JsonNode parsed, String text, int status, String executionId) {
        String body = text != null && !(parsed != null && parsed.isObject() && parsed.has("token"))
                ? (text.length() > BODY_CHARS ? text.substring(0, BODY_CHARS) + "…" : text)
                : body(req.body(), parsed);
        return new RequestEntry(Ids.timeOrdered(clock), w.team(), w.id(), received, req.method(),
                printable(pathWithQuery(req)), redactedHeaders, printable(body), status, executionId);
    }

    /** PostgreSQL TEXT cannot hold NUL; a logged NUL becomes U+FFFD (the JSON columns escape it themselves). */
    static String printable(String s) {
        return s == null || s.indexOf('\u0000') < 0 ? s : s.replace('\u0000', '\uFFFD');
    }
}
