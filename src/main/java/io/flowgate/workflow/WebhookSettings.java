package io.flowgate.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Checks the settings of an outbound webhook subscription beyond name/on/url (docs/webhooks-outbound.md), so a bad
 * one is refused when the workflow is saved: {@code auth} (none | client-secret | basic | bearer,
 * with Flowingly's length limits), {@code retry} (a schedule of delays) and {@code timeout}.
 * Limits apply to literal values; a {@code {{ secrets.X }}} value is checked again when rendered.
 */
final class WebhookSettings {
    static final List<String> FIELDS = List.of("auth", "retry", "timeout");
    static final List<String> AUTH_TYPES = List.of("none", "client-secret", "basic", "bearer");
    static final int MAX_CLIENT_SECRET = 250;
    static final int MAX_BASIC_PART = 100;
    /** Per auth type: its fields and the longest literal each may be (0 = no limit). */
    private static final Map<String, Map<String, Integer>> AUTH_FIELDS = Map.of(
            "none", Map.of(),
            "client-secret", Map.of("secret", MAX_CLIENT_SECRET),
            "basic", Map.of("username", MAX_BASIC_PART, "password", MAX_BASIC_PART),
            "bearer", Map.of("token", 0));

    private WebhookSettings() {}

    static void check(JsonNode config, String path, Problems problems) {
        problems.unknownKeys(config, path, concat(List.of("name", "on", "url"), FIELDS));
        auth(config.get("auth"), Problems.at(path, "auth"), problems);
        retry(config.get("retry"), Problems.at(path, "retry"), problems);
        problems.duration(config.get("timeout"), Problems.at(path, "timeout"));
    }

    private static void auth(JsonNode auth, String path, Problems problems) {
        if (Problems.absent(auth)) {
            return;
        }
        String type = auth.isObject() ? problems.requiredText(auth.get("type"), Problems.at(path, "type"))
                : problems.text(auth, path);
        String typePath = auth.isObject() ? Problems.at(path, "type") : path;
        if (type == null) {
            return;
        }
        Map<String, Integer> fields = AUTH_FIELDS.get(type);
        if (fields == null) {
            problems.add(typePath, "Unknown auth type '" + type + "'; use " + String.join(" | ", AUTH_TYPES));
            return;
        }
        if (!auth.isObject()) {
            if (!fields.isEmpty()) {
                problems.add(path, "Auth '" + type + "' needs " + String.join(" and ", fields.keySet().stream()
                        .sorted().toList()) + ": write it as {type: " + type + ", …}");
            }
            return;
        }
        problems.unknownKeys(auth, path, concat(List.of("type"), fields.keySet().stream().sorted().toList()));
        fields.forEach((field, max) -> {
            String value = problems.requiredText(auth.get(field), Problems.at(path, field));
            if (value != null && value.isEmpty()) {
                problems.add(Problems.at(path, field), "Must not be empty");
            } else if (value != null && max > 0 && value.length() > max) {
                problems.add(Problems.at(path, field), "Is " + value.length() + " characters; at most " + max
                        + " are allowed");
            }
        });
    }

    /** {@code retry: [PT5S, PT5M]} or {@code retry: {schedule: [...]}}: the waits after the first attempt. */
    private static void retry(JsonNode retry, String path, Problems problems) {
        if (Problems.absent(retry)) {
            return;
        }
        JsonNode schedule = retry;
        String schedulePath = path;
        if (retry.isObject()) {
            problems.unknownKeys(retry, path, List.of("schedule"));
            schedule = retry.get("schedule");
            schedulePath = Problems.at(path, "schedule");
        }
        List<JsonNode> items = problems.listOrOne(schedule, schedulePath, false);
        if (items == null) {
            if (Problems.absent(schedule)) {
                problems.add(schedulePath, "Is required: a list of durations such as [PT5S, PT5M]");
            }
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            problems.duration(items.get(i), Problems.at(schedulePath, i));
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
