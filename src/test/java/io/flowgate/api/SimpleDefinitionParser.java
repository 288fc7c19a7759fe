package io.flowgate.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.flowgate.core.Json;
import io.flowgate.core.Problem;
import io.flowgate.core.ValidationException;
import io.flowgate.workflow.StepDefinition;
import io.flowgate.workflow.Triggers;
import io.flowgate.workflow.WorkflowDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * A test stand-in for the real workflow parser: reads YAML or JSON, requires an id and steps with
 * id and type, and reports every problem at once.
 */
final class SimpleDefinitionParser implements DefinitionParser {
    private static final YAMLMapper YAML = new YAMLMapper();

    @Override
    public WorkflowDefinition parse(String contentType, String text) {
        JsonNode doc;
        try {
            doc = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ValidationException(List.of(Problem.at("", "Not YAML or JSON")));
        }
        List<Problem> problems = new ArrayList<>();
        if (doc == null || !doc.isObject()) {
            throw new ValidationException(List.of(Problem.at("", "Expected a mapping")));
        }
        String id = doc.path("id").asText("");
        if (!id.matches("[a-z0-9][a-z0-9-]*")) {
            problems.add(Problem.at("id", "Required slug"));
        }
        List<StepDefinition> steps = new ArrayList<>();
        JsonNode stepNodes = doc.path("steps");
        if (!stepNodes.isArray() || stepNodes.isEmpty()) {
            problems.add(Problem.at("steps", "At least one step is required"));
        }
        for (int i = 0; i < stepNodes.size(); i++) {
            JsonNode s = stepNodes.get(i);
            if (!s.hasNonNull("id")) {
                problems.add(Problem.at("steps[" + i + "].id", "Required"));
            }
            if (!s.hasNonNull("type")) {
                problems.add(Problem.at("steps[" + i + "].type", "Required"));
            }
            List<String> needs = new ArrayList<>();
            s.path("needs").forEach(n -> needs.add(n.asText()));
            steps.add(new StepDefinition(s.path("id").asText(), s.path("name").asText(null), s.path("type").asText(),
                    needs, null, null, null, List.of(), s.isObject() ? (ObjectNode) s : Json.object()));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        JsonNode t = doc.path("triggers");
        Triggers triggers = new Triggers(t.has("manual"), t.get("webhook"), t.get("schedule"), t.get("events"));
        return new WorkflowDefinition(id, doc.path("name").asText(null),
                doc.path("team").asText(WorkflowDefinition.DEFAULT_TEAM), doc.path("description").asText(null),
                triggers, steps);
    }
}
