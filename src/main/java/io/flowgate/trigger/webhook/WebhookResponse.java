package io.flowgate.trigger.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Problem;
import io.flowgate.expr.Template;
import io.flowgate.expr.ExpressionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code response:} of a webhook trigger (docs/triggers.md#responses-response). {@code async} answers 202
 * once the execution is durable; {@code sync} waits up to {@code timeout} for a {@code respond} step or the
 * end; {@code static} answers {@code status}, {@code headers} and a templated {@code body} at once.
 *
 * @param select     sync: {@code stepId.field} outputs to answer with (empty: the last step's outputs)
 * @param statusBody sync: answer with the status document ({@code body: status})
 */
public record WebhookResponse(Mode mode, Duration timeout, List<String> select, boolean statusBody,
                              int failureStatus, int status, JsonNode headers, JsonNode body) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
    public static final WebhookResponse ASYNC =
            new WebhookResponse(Mode.ASYNC, DEFAULT_TIMEOUT, List.of(), false, 422, 202, null, null);
    static final Set<String> FIELDS =
            Set.of("mode", "timeout", "select", "body", "failureStatus", "status", "headers");

    /** When the caller gets its answer; written in lower case in a definition ({@code mode: sync}). */
    public enum Mode {
        ASYNC, SYNC, STATIC;

        private final String wire = name().toLowerCase(Locale.ROOT);

        public String wire() {
            return wire;
        }

        /** The mode a definition names; null for any other text. */
        static Mode fromWire(String text) {
            for (Mode m : values()) {
                if (m.wire.equals(text)) {
                    return m;
                }
            }
            return null;
        }
    }

    static WebhookResponse parse(JsonNode node, String at, List<Problem> problems) {
        if (node == null || node.isNull()) {
            return ASYNC;
        }
        if (!node.isObject()) {
            problems.add(Problem.at(at, "Must be an object {mode: async | sync | static, …}"));
            return ASYNC;
        }
        node.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                problems.add(Problem.at(at + "." + f, "Unknown field"));
            }
        });
        String modeName = WebhookTrigger.text(node, "mode", at, problems);
        Mode mode = modeName == null ? Mode.ASYNC : Mode.fromWire(modeName);
        if (mode == null) {
            problems.add(Problem.at(at + ".mode", "Must be async, sync or static"));
            return ASYNC;
        }
        Duration timeout = WebhookTrigger.duration(node.get("timeout"), at + ".timeout", problems, DEFAULT_TIMEOUT);
        if (timeout.compareTo(MAX_TIMEOUT) > 0) {
            problems.add(Problem.at(at + ".timeout", "May be at most PT5M"));
            timeout = MAX_TIMEOUT;
        }
        List<String> select = new ArrayList<>();
        JsonNode sel = node.get("select");
        if (sel != null && !sel.isNull()) {
            if (!sel.isArray()) {
                problems.add(Problem.at(at + ".select", "Must be a list of stepId.field"));
            } else {
                sel.forEach(s -> {
                    if (s.isTextual() && !s.asText().isBlank()) {
                        select.add(s.asText());
                    } else {
                        problems.add(Problem.at(at + ".select", "Entries must be stepId or stepId.field"));
                    }
                });
            }
        }
        JsonNode body = node.get("body");
        boolean statusBody = mode == Mode.SYNC && body != null && body.isTextual() && body.asText().equals("status");
        if (mode == Mode.STATIC && body != null && body.isTextual()) {
            try {
                Template.parse(body.asText());
            } catch (ExpressionException e) {
                problems.add(Problem.at(at + ".body", e.getMessage()));
            }
        }
        int failureStatus = status(node.get("failureStatus"), at + ".failureStatus", problems, 422);
        int status = status(node.get("status"), at + ".status", problems, mode == Mode.STATIC ? 200 : 202);
        JsonNode headers = node.get("headers");
        if (headers != null && !headers.isNull() && !headers.isObject()) {
            problems.add(Problem.at(at + ".headers", "Must be an object of header names to values"));
            headers = null;
        }
        return new WebhookResponse(mode, timeout, List.copyOf(select), statusBody, failureStatus, status,
                headers == null || headers.isNull() ? null : headers, mode == Mode.STATIC ? body : null);
    }

    private static int status(JsonNode v, String at, List<Problem> problems, int fallback) {
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isInt() || v.asInt() < 200 || v.asInt() > 599) {
            problems.add(Problem.at(at, "Must be an HTTP status code between 200 and 599"));
            return fallback;
        }
        return v.asInt();
    }
}
