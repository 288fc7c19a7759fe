package io.flowgate.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.flowgate.core.Json;

/**
 * PUT /workflows/{id} accepts a document whose {@code id} (and {@code team}) is absent: the route
 * names them. This fills them in before the document reaches the parser. A document that already
 * carries both, or that does not read as a mapping, is passed on untouched, so its source (with
 * its comments) is stored exactly as sent and the parser reports any syntax problem.
 */
final class WorkflowSources {
    /** Only to look at the document's top-level keys; aliases are not expanded here (see withIdentityLines). */
    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory());

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
        if (!json(contentType, text)) {
            return withIdentityLines(text, doc.has("id") ? null : id, doc.has("team") ? null : team);
        }
        ObjectNode filled = Json.object();
        filled.put("id", doc.has("id") ? doc.get("id").asText() : id);
        if (team != null && !doc.has("team")) {
            filled.put("team", team);
        }
        doc.fields().forEachRemaining(f -> filled.set(f.getKey(), f.getValue()));
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(filled);
        } catch (JsonProcessingException e) {
            return text;
        }
    }

    /**
     * YAML gets the missing keys as lines in front, so the rest stays exactly as sent: re-writing the tree instead
     * would turn every alias into its anchor's name as a plain string (Jackson's tree does not expand them) and
     * so also slip an alias bomb past the parser's limits. A document that does not start as a block mapping is
     * left alone (the parser then says the id is missing).
     */
    private static String withIdentityLines(String text, String id, String team) {
        StringBuilder head = new StringBuilder();
        if (id != null) {
            head.append("id: ").append(Json.write(TextNode.valueOf(id))).append('\n');
        }
        if (team != null) {
            head.append("team: ").append(Json.write(TextNode.valueOf(team))).append('\n');
        }
        int at = 0;
        for (String line : text.split("\n", -1)) {
            String content = line.strip();
            if (content.isEmpty() || content.startsWith("#")) {
                at += line.length() + 1;
                continue;
            }
            if (content.equals("---")) {
                int after = at + line.length() + 1;
                return text.substring(0, Math.min(after, text.length())) + head + text.substring(Math.min(after,
                        text.length()));
            }
            if (line.startsWith(" ") || line.startsWith("\t") || content.startsWith("{") || content.startsWith("%")
                    || content.startsWith("---") || content.startsWith("-")) {
                return text;
            }
            return text.substring(0, at) + head + text.substring(at);
        }
        return text;
    }

    private static boolean json(String contentType, String text) {
        return contentType != null && contentType.toLowerCase().contains("json") || text.stripLeading().startsWith("{");
    }
}
