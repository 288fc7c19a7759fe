package io.flowgate.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads outbound webhook subscriptions (docs/webhooks-outbound.md#subscribing), of a step
 * ({@code on: created|completed}) or of the workflow ({@code on: execution.completed|execution.failed}). Only
 * {@code name}, {@code on} and {@code url} are read here; {@code auth}, {@code retry} and {@code timeout} are
 * checked by {@link WebhookSettings} and stay in the subscription's config for the delivery package.
 */
final class Webhooks {
    private static final List<String> OWN_FIELDS = List.of("name", "on", "url");

    private Webhooks() {}

    static List<StepWebhook> read(JsonNode node, String path, List<String> events, Problems problems) {
        List<JsonNode> items = problems.listOrOne(node, path, false);
        if (items == null) {
            return List.of();
        }
        List<StepWebhook> webhooks = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            StepWebhook webhook = readOne(items.get(i), Problems.at(path, i), events, problems);
            if (webhook != null) {
                webhooks.add(webhook);
            }
        }
        return webhooks;
    }

    private static StepWebhook readOne(JsonNode node, String path, List<String> events, Problems problems) {
        if (!node.isObject()) {
            problems.add(path, "A webhook must be an object with url and on, not " + Problems.typeName(node));
            return null;
        }
        String name = problems.scalarText(node.get("name"), Problems.at(path, "name"));
        String url = problems.requiredText(node.get("url"), Problems.at(path, "url"));
        if (url != null && url.isBlank()) {
            problems.add(Problems.at(path, "url"), "Must not be empty");
        }
        problems.templates(node.get("url"), Problems.at(path, "url"));
        List<String> on = readOn(node.get("on"), Problems.at(path, "on"), events, problems);
        WebhookSettings.check(node, path, problems);
        ObjectNode config = ((ObjectNode) node).deepCopy();
        config.remove(OWN_FIELDS);
        problems.templates(config, path);
        return url == null || on == null ? null : new StepWebhook(name, on, url, config);
    }

    private static List<String> readOn(JsonNode node, String path, List<String> events, Problems problems) {
        if (Problems.absent(node)) {
            problems.add(path, "Is required: a list of " + String.join(" | ", events));
            return null;
        }
        List<JsonNode> items = problems.listOrOne(node, path, true);
        if (items == null) {
            return null;
        }
        if (items.isEmpty()) {
            problems.add(path, "Must name at least one of " + String.join(" | ", events));
            return null;
        }
        List<String> on = new ArrayList<>();
        for (int k = 0; k < items.size(); k++) {
            String event = problems.text(items.get(k), Problems.at(path, k));
            if (Problems.absent(items.get(k))) {
                problems.add(Problems.at(path, k), "Must be one of " + String.join(" | ", events));
            } else if (event != null && !events.contains(event)) {
                problems.add(Problems.at(path, k), "Unknown event '" + event + "'; use " + String.join(" | ", events));
            } else if (event != null && !on.contains(event)) {
                on.add(event);
            }
        }
        return on.isEmpty() ? null : on;
    }
}
