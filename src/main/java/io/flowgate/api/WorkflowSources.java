package io.flowgate.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.flowgate.core.Json;

/**
 * PUT /workflows/{id} accepts a document whose {@code id} (and {@code team}) is absent: the route
 * names them. This fills them in before the document reaches the parser. A document that already
 * carries both, or that does not read as a mapping, is passed on untouched, so its source (with
 * its comments) is stored exactly as sent and the parser reports any syntax problem.
 */
final class WorkflowSources {
    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private WorkflowSources() {}

    static String withIdentity(String contentType, String text, String id, String team) {
        JsonNode tree;
        try {
            tree = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            return text;
        }
        if (!(tree instanceof ObjectNode doc) || (doc.has("id") && (doc.has("team") || team == null))) {
            return text;
        }
        ObjectNode filled = Json.object();
        filled.put("id", doc.has("id") ? doc.get("id").asText() : id);
        if (team != null && !doc.has("team")) {
            filled.put("team", team);
        }
        doc.fields().forEachRemaining(f -> filled.set(f.getKey(), f.getValue()));
        try {
            return json(contentType, text) ? Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(filled)
                    : YAML.writeValueAsString(filled);
        } catch (JsonProcessingException e) {
            return text;
        }
    }

    private static boolean json(String contentType, String text) {
        return contentType != null && contentType.toLowerCase().contains("json") || text.stripLeading().startsWith("{");
    }
}
