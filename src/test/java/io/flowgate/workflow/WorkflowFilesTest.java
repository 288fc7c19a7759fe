package io.flowgate.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowFilesTest {

    @Test
    void lists_yaml_and_json_files_sorted_by_name(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("b.yml"), "id: b");
        Files.writeString(dir.resolve("a.yaml"), "id: a");
        Files.writeString(dir.resolve("c.JSON"), "{\"id\": \"c\"}");
        Files.writeString(dir.resolve("notes.txt"), "not a workflow");
        Files.createDirectory(dir.resolve("sub.yaml"));

        assertThat(WorkflowFiles.list(dir))
                .extracting(f -> f.path().getFileName().toString(), WorkflowFiles.WorkflowFile::text)
                .containsExactly(
                        tuple("a.yaml", "id: a"),
                        tuple("b.yml", "id: b"),
                        tuple("c.JSON", "{\"id\": \"c\"}"));
        assertThat(WorkflowFiles.format(dir.resolve("c.JSON"))).isEqualTo(WorkflowParser.Format.JSON);
        assertThat(WorkflowFiles.format(dir.resolve("a.yaml"))).isEqualTo(WorkflowParser.Format.YAML);
    }

    @Test
    void a_missing_directory_has_no_files(@TempDir Path dir) {
        assertThat(WorkflowFiles.list(dir.resolve("nope"))).isEmpty();
    }
}
