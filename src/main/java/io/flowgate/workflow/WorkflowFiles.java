package io.flowgate.workflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The workflow files of a directory ({@code ./workflows/}, docs/operations.md#settings): {@code *.yaml},
 * {@code *.yml} and {@code *.json} directly in it, sorted by file name so loading is repeatable.
 */
public final class WorkflowFiles {

    /** One file and its text. */
    public record WorkflowFile(Path path, String text) {}

    private WorkflowFiles() {}

    /** Empty when the directory does not exist. */
    public static List<WorkflowFile> list(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Path> paths;
        try (Stream<Path> entries = Files.list(directory)) {
            paths = entries.filter(Files::isRegularFile).filter(WorkflowFiles::isWorkflowFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + directory, e);
        }
        List<WorkflowFile> files = new ArrayList<>();
        for (Path path : paths) {
            try {
                files.add(new WorkflowFile(path, Files.readString(path, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + path, e);
            }
        }
        return files;
    }

    public static boolean isWorkflowFile(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
    }

    /** The format a file's name implies. */
    public static WorkflowParser.Format format(Path path) {
        return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")
                ? WorkflowParser.Format.JSON
                : WorkflowParser.Format.YAML;
    }
}
