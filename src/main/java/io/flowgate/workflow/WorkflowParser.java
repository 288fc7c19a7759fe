package io.flowgate.workflow;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.flowgate.core.Problem;
import io.flowgate.core.ValidationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a workflow document (YAML, or the same structure as JSON) and validates it with
 * {@link WorkflowValidator}. Documents come from users and the network, so reading is bounded:
 * at most {@link #MAX_BYTES}, {@link #MAX_DEPTH} levels of nesting, {@link #MAX_ALIASES} YAML
 * aliases and {@link YamlTreeReader#MAX_NODES} values once they are expanded (an "alias bomb"
 * expands a few lines into gigabytes), one document per text, and no duplicate keys (YAML
 * would silently keep the last one). Thread-safe.
 */
public final class WorkflowParser {
    public static final int MAX_BYTES = 1024 * 1024;
    public static final int MAX_DEPTH = 64;
    public static final int MAX_ALIASES = 50;

    public enum Format {
        YAML,
        JSON;

        /**
         * From a {@code Content-Type}: JSON or YAML media types decide; anything else (or none) is
         * sniffed: a document starting with {@code {} is JSON, otherwise YAML.
         */
        public static Format detect(String contentType, String text) {
            String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
            if (type.contains("json")) {
                return JSON;
            }
            if (type.contains("yaml") || type.contains("yml")) {
                return YAML;
            }
            if (text != null) {
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if (c == '\uFEFF' || Character.isWhitespace(c)) {
                        continue;
                    }
                    return c == '{' ? JSON : YAML;
                }
            }
            return YAML;
        }
    }

    /** How Jackson names a location inside a message: {@code [Source: …; line: 2, column: 11]}. */
    private static final Pattern SOURCE_LOCATION = Pattern.compile("\\[Source: [^;]*; line: (\\d+), column: (\\d+)]");

    private final YAMLFactory yaml;
    private final ObjectMapper json;
    private final WorkflowValidator validator;

    /** {@code triggers}: each trigger package's check of its own settings (see {@link TriggerCheck}). */
    public WorkflowParser(StepCatalog catalog, TriggerChecks triggers) {
        this.validator = new WorkflowValidator(catalog, triggers);
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxStringLength(MAX_BYTES)
                .maxDocumentLength(MAX_BYTES)
                .build();
        // SnakeYAML's alias limit (LoaderOptions.maxAliasesForCollections) only applies to its own
        // object builder, which Jackson does not use; YamlTreeReader enforces the limits instead.
        LoaderOptions loader = new LoaderOptions();
        loader.setNestingDepthLimit(MAX_DEPTH);
        loader.setCodePointLimit(MAX_BYTES);
        this.yaml = YAMLFactory.builder()
                .loaderOptions(loader)
                .streamReadConstraints(limits)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.json = new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(limits)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build());
    }

    /** Detects the format from the content type and text, then parses. */
    public WorkflowDefinition parse(String text, String contentType) {
        return parse(text, Format.detect(contentType, text));
    }

    /** @throws ValidationException with every problem; unreadable text gives one problem at its location */
    public WorkflowDefinition parse(String text, Format format) {
        return validator.validate(readTree(text, format));
    }

    /** The document as a tree, with the reading limits applied; no workflow validation. */
    public JsonNode readTree(String text, Format format) {
        if (text == null || text.isBlank()) {
            throw new ValidationException(List.of(Problem.at("$", "The document is empty")));
        }
        if (text.length() > MAX_BYTES || text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new ValidationException(List.of(Problem.at("$", "The document is larger than 1 MiB")));
        }
        try (JsonParser parser = format == Format.JSON ? json.createParser(text) : yaml.createParser(text)) {
            JsonNode tree = format == Format.JSON
                    ? json.readTree(parser)
                    : new YamlTreeReader((YAMLParser) parser).read();
            if (parser.nextToken() != null) {
                throw new ValidationException(List.of(Problem.at(location(parser.currentLocation()),
                        "Only one document is allowed; found more after the first")));
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new ValidationException(List.of(Problem.at(location(e.getLocation()), describe(e))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (YAMLException e) {
            // SnakeYAML reports some limits (e.g. the code point limit) with its own unchecked exception.
            throw new ValidationException(List.of(Problem.at("$", "Cannot read the document: " + e.getMessage())));
        }
    }

    private static String location(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "$";
        }
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** The parser's own message, without the location and source excerpt it appends. */
    private static String describe(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblem() != null) {
            // SnakeYAML's full message repeats the location with source excerpts over several lines.
            return yaml.getContext() == null ? yaml.getProblem() : yaml.getContext() + ": " + yaml.getProblem();
        }
        String message = e.getOriginalMessage();
        if (message == null) {
            return "The document cannot be read";
        }
        int excerpt = message.indexOf("\n at [Source");
        if (excerpt >= 0) {
            message = message.substring(0, excerpt);
        }
        return SOURCE_LOCATION.matcher(message.strip()).replaceAll("line $1, column $2");
    }
}
