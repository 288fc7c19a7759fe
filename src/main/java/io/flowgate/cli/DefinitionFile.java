package io.flowgate.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** A workflow definition on disk and the content type the server reads it as. */
record DefinitionFile(Path path, String contentType) {

    static boolean isDefinition(Path path) {
        return contentTypeOf(path) != null && Files.isRegularFile(path);
    }

    /** The file itself, or the definition files directly inside a directory, sorted by name. */
    static List<DefinitionFile> find(Path fileOrDir) {
        if (Files.isDirectory(fileOrDir)) {
            try (Stream<Path> files = Files.list(fileOrDir)) {
                return files.filter(DefinitionFile::isDefinition).sorted().map(DefinitionFile::of).toList();
            } catch (IOException e) {
                throw CliFailure.of("cannot list " + fileOrDir + ": " + e.getMessage());
            }
        }
        if (!Files.isRegularFile(fileOrDir)) {
            throw CliFailure.of(fileOrDir + " does not exist");
        }
        return List.of(of(fileOrDir));
    }

    static DefinitionFile of(Path path) {
        String type = contentTypeOf(path);
        // A file named explicitly is sent even with an odd extension; YAML is a superset of JSON.
        return new DefinitionFile(path, type != null ? type : "application/yaml");
    }

    byte[] read() {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw CliFailure.of("cannot read " + path + ": " + e.getMessage());
        }
    }

    private static String contentTypeOf(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return "application/yaml";
        }
        return name.endsWith(".json") ? "application/json" : null;
    }
}
