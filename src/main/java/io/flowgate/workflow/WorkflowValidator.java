package io.flowgate.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.flowgate.core.ValidationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a parsed document tree into a {@link WorkflowDefinition}, or rejects it whole with every
 * problem found (never half-saved: docs/workflows.md). Problem paths name the place in the document:
 * {@code id}, {@code steps[2].needs[0]}, {@code triggers.webhook.condition}.
 */
public final class WorkflowValidator {
    static final List<String> TOP_LEVEL_FIELDS =
            List.of("id", "name", "team", "description", "triggers", "steps", "webhooks", "retention");
    static final List<String> TRIGGER_KINDS = List.of("manual", "webhook", "schedule", "events");
    static final List<String> WORKFLOW_EVENTS = List.of("execution.completed", "execution.failed");
    public static final int MAX_STEPS = 500;
    /** A workflow's own retention: at least a minute (a shorter one would prune runs as they are looked at). */
    static final java.time.Duration MIN_RETENTION = java.time.Duration.ofMinutes(1);

    private final StepValidator steps;
    private final TriggerChecks triggerChecks;

    public WorkflowValidator(StepCatalog catalog, TriggerChecks triggerChecks) {
        this.steps = new StepValidator(catalog);
        this.triggerChecks = triggerChecks;
    }

    /** @throws ValidationException listing every problem */
    public WorkflowDefinition validate(JsonNode root) {
        Problems problems = new Problems();
        if (Problems.absent(root)) {
            problems.add("$", "The document is empty");
            problems.throwIfAny();
        }
        if (!root.isObject()) {
            problems.add("$", "A workflow must be an object (a mapping of id, steps, …), not " + Problems.typeName(root));
            problems.throwIfAny();
        }
        problems.unknownKeys(root, "", TOP_LEVEL_FIELDS);
        String id = Problems.absent(root.get("id")) ? missing("id", problems) : problems.slug(root.get("id"), "id");
        String name = problems.scalarText(root.get("name"), "name");
        String team = problems.slug(root.get("team"), "team");
        String description = problems.scalarText(root.get("description"), "description");
        Triggers triggers = readTriggers(root.get("triggers"), problems);
        List<StepDefinition> stepList = readSteps(root.get("steps"), problems);
        List<StepWebhook> webhooks = Webhooks.read(root.get("webhooks"), "webhooks", WORKFLOW_EVENTS, problems);
        java.time.Duration retention = readRetention(root.get("retention"), problems);
        problems.throwIfAny();
        return new WorkflowDefinition(
                id,
                name == null || name.isBlank() ? id : name,
                team == null ? WorkflowDefinition.DEFAULT_TEAM : team,
                description,
                triggers,
                stepList,
                webhooks,
                retention);
    }

    /** {@code retention: P90D}: how long this workflow's history is kept instead of the node's {@code --retention}. */
    private static java.time.Duration readRetention(JsonNode node, Problems problems) {
        if (Problems.absent(node)) {
            return null;
        }
        java.time.Duration d = node.isTextual() ? Durations.parse(node.asText()).orElse(null) : null;
        if (d == null || d.compareTo(MIN_RETENTION) < 0) {
            problems.add("retention", "Must be a duration of at least one minute: " + Durations.expected());
            return null;
        }
        return d;
    }

    private static String missing(String path, Problems problems) {
        problems.add(path, "Is required");
        return null;
    }

    /**
     * Manual Run is always allowed, as in n8n and Kestra: a person who may run the workflow may
     * press Run whatever the document says. The {@code manual} flag only records intent: it is
     * true when {@code triggers} is absent, or names {@code manual} as {@code {}} or {@code true}.
     */
    private Triggers readTriggers(JsonNode node, Problems problems) {
        if (Problems.absent(node)) {
            return Triggers.manualOnly();
        }
        if (!node.isObject()) {
            problems.add("triggers", "Must be an object with manual, webhook, schedule or events, not " + Problems.typeName(node));
            return Triggers.manualOnly();
        }
        problems.unknownKeys(node, "triggers", TRIGGER_KINDS);
        boolean manual = readManual(node, problems);

        JsonNode webhook = node.get("webhook");
        if (Problems.absent(webhook)) {
            webhook = null;
        } else if (!webhook.isObject()) {
            problems.add("triggers.webhook", "Must be an object (path, methods, auth, params, condition, response), not "
                    + Problems.typeName(webhook));
            webhook = null;
        } else {
            // The webhook package reads every field; its problems carry their paths (triggers.webhook.auth.type, …).
            problems.addAll(triggerChecks.webhook().problems(webhook, "triggers.webhook"));
            webhook = webhook.deepCopy();
        }
        ArrayNode schedule = listOfObjects(node.get("schedule"), "triggers.schedule", problems);
        if (schedule != null) {
            for (int i = 0; i < schedule.size(); i++) {
                problems.addAll(triggerChecks.schedule().problems(schedule.get(i), Problems.at("triggers.schedule", i)));
            }
        }
        ArrayNode events = listOfObjects(node.get("events"), "triggers.events", problems);
        if (events != null) {
            for (int i = 0; i < events.size(); i++) {
                String at = Problems.at("triggers.events", i);
                problems.expression(events.get(i).get("filter"), Problems.at(at, "filter"));
                problems.addAll(triggerChecks.events().problems(events.get(i), at));
            }
        }
        return new Triggers(manual, webhook, schedule, events);
    }

    private static boolean readManual(JsonNode triggers, Problems problems) {
        if (!triggers.has("manual")) {
            return false;
        }
        JsonNode manual = triggers.get("manual");
        if (manual.isNull() || manual.isObject()) {
            return true;
        }
        if (manual.isBoolean()) {
            return manual.booleanValue();
        }
        problems.add("triggers.manual", "Must be {} or true/false, not " + Problems.typeName(manual));
        return true;
    }

    /** A list of objects; a single object is taken as a list of one. */
    private static ArrayNode listOfObjects(JsonNode node, String path, Problems problems) {
        List<JsonNode> items = problems.listOrOne(node, path, node != null && node.isObject());
        if (items == null) {
            return null;
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).isObject()) {
                out.add(items.get(i).deepCopy());
            } else {
                problems.add(Problems.at(path, i), "Must be an object, not " + Problems.typeName(items.get(i)));
            }
        }
        return out;
    }

    private List<StepDefinition> readSteps(JsonNode node, Problems problems) {
        if (Problems.absent(node)) {
            problems.add("steps", "Is required: a list of at least one step");
            return List.of();
        }
        if (!node.isArray()) {
            problems.add("steps", "Must be a list of steps, not " + Problems.typeName(node));
            return List.of();
        }
        if (node.isEmpty()) {
            problems.add("steps", "Must contain at least one step");
            return List.of();
        }
        if (node.size() > MAX_STEPS) {
            problems.add("steps", "Has " + node.size() + " steps; at most " + MAX_STEPS + " are allowed");
            return List.of();
        }
        List<StepValidator.Read> read = new ArrayList<>();
        Map<String, String> firstPathOfId = new HashMap<>();
        boolean idsComplete = true;
        for (int i = 0; i < node.size(); i++) {
            String path = Problems.at("steps", i);
            StepValidator.Read step = steps.read(node.get(i), path, problems);
            if (step == null || step.step().id() == null) {
                idsComplete = false;
                continue;
            }
            String earlier = firstPathOfId.putIfAbsent(step.step().id(), path);
            if (earlier != null) {
                problems.add(Problems.at(path, "id"), "Duplicate step id '" + step.step().id() + "' (also used by " + earlier + ")");
                idsComplete = false;
            }
            read.add(step);
        }
        if (!idsComplete) {
            // With a step id missing or doubled, needs cannot be checked without reporting
            // references that are only broken because of that problem.
            return List.of();
        }
        List<StepGraph.Node> nodes = new ArrayList<>();
        for (int i = 0; i < read.size(); i++) {
            nodes.add(new StepGraph.Node(read.get(i).step().id(), read.get(i).needs(), Problems.at("steps", i)));
        }
        List<List<String>> needs = StepGraph.resolve(nodes, problems);
        List<StepDefinition> result = new ArrayList<>();
        for (int i = 0; i < read.size(); i++) {
            StepDefinition s = read.get(i).step();
            result.add(new StepDefinition(s.id(), s.name(), s.type(), needs.get(i), s.when(), s.retry(), s.timeout(),
                    s.webhooks(), s.config()));
        }
        return result;
    }
}
