package io.flowgate.workflow;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a tree from a YAML token stream, expanding anchors and aliases ({@code &base} /
 * {@code *base}) and merge keys ({@code <<: *base}). Jackson's own tree reader does neither: it
 * turns an alias into the anchor's name as a string, silently changing the data.
 *
 * <p>Expansion is bounded, because a few lines of nested aliases (an "alias bomb") expand to
 * billions of nodes: at most {@link WorkflowParser#MAX_ALIASES} aliases, and at most
 * {@link #MAX_NODES} nodes in the expanded tree. Not thread-safe: one reader per document.
 */
final class YamlTreeReader {
    static final int MAX_NODES = 100_000;
    private static final String MERGE_KEY = "<<";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final YAMLParser parser;
    private final Map<String, JsonNode> anchors = new HashMap<>();
    private int aliases;
    private long nodes;

    YamlTreeReader(YAMLParser parser) {
        this.parser = parser;
    }

    /** The next document, or a missing node when there is none. */
    JsonNode read() throws IOException {
        JsonToken token = parser.nextToken();
        return token == null ? MissingNode.getInstance() : value(token);
    }

    private JsonNode value(JsonToken token) throws IOException {
        if (parser.isCurrentAlias()) {
            return alias(parser.getText());
        }
        String anchor = parser.getCurrentAnchor();
        JsonNode node = switch (token) {
            case START_OBJECT -> object();
            case START_ARRAY -> array();
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> integer();
            case VALUE_NUMBER_FLOAT -> parser.getNumberType() == JsonParser.NumberType.BIG_DECIMAL
                    ? NODES.numberNode(parser.getDecimalValue())
                    : NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> NODES.textNode(parser.getText());
        };
        count(1);
        if (anchor != null) {
            anchors.put(anchor, node);
        }
        return node;
    }

    private JsonNode integer() throws IOException {
        return switch (parser.getNumberType()) {
            case INT -> NODES.numberNode(parser.getIntValue());
            case LONG -> NODES.numberNode(parser.getLongValue());
            default -> NODES.numberNode(parser.getBigIntegerValue());
        };
    }

    private ObjectNode object() throws IOException {
        ObjectNode object = NODES.objectNode();
        List<JsonNode> merges = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonNode child = value(parser.nextToken());
            if (name.equals(MERGE_KEY)) {
                merges.add(child);
            } else {
                object.set(name, child);
            }
        }
        expectEnd(token, JsonToken.END_OBJECT);
        // Keys written in the mapping win over merged ones; earlier merge sources win over later ones.
        for (JsonNode merge : merges) {
            if (merge.isObject()) {
                merge.properties().forEach(e -> object.putIfAbsent(e.getKey(), e.getValue()));
            } else if (merge.isArray()) {
                for (JsonNode item : merge) {
                    if (item.isObject()) {
                        item.properties().forEach(e -> object.putIfAbsent(e.getKey(), e.getValue()));
                    }
                }
            } else {
                object.set(MERGE_KEY, merge);
            }
        }
        return object;
    }

    private ArrayNode array() throws IOException {
        ArrayNode array = NODES.arrayNode();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
            array.add(value(token));
        }
        expectEnd(token, JsonToken.END_ARRAY);
        return array;
    }

    private JsonNode alias(String name) throws IOException {
        JsonNode target = anchors.get(name);
        if (target == null) {
            throw new StreamConstraintsException("Unknown alias '*" + name + "' (no anchor '&" + name + "' before it)",
                    parser.currentLocation());
        }
        if (++aliases > WorkflowParser.MAX_ALIASES) {
            throw new StreamConstraintsException("More than " + WorkflowParser.MAX_ALIASES + " YAML aliases",
                    parser.currentLocation());
        }
        count(size(target));
        // Shared, not copied: the tree is read-only until validation copies what it keeps.
        return target;
    }

    private void count(long added) throws StreamConstraintsException {
        nodes += added;
        if (nodes > MAX_NODES) {
            throw new StreamConstraintsException("The document expands to more than " + MAX_NODES
                    + " values (YAML aliases)", parser.currentLocation());
        }
    }

    private static long size(JsonNode node) {
        long n = 1;
        for (JsonNode child : node) {
            n += size(child);
        }
        return n;
    }

    private void expectEnd(JsonToken token, JsonToken end) throws IOException {
        if (token != end) {
            throw new StreamConstraintsException("Unexpected end of the document", parser.currentLocation());
        }
    }
}
