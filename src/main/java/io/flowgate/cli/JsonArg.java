package io.flowgate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An option whose value is JSON, inline or {@code @file.json}. */
final class JsonArg {
    private JsonArg() {}

    static JsonNode read(String option, String value) {
        String text = value;
        if (value.startsWith("@")) {
            Path file = Path.of(value.substring(1));
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw CliFailure.usage(option + " " + value + ": cannot read " + file + " ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw CliFailure.usage(option + " is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
