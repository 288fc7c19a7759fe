package io.flowgate.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the dependency direction of docs/architecture.md by scanning imports: the HTTP framework
 * only in {@code api}, JDBC only in {@code store.jdbc}, and the domain free of both.
 */
class ArchitectureTest {
    static final Path SOURCES = Path.of("src/main/java/io/flowgate");

    record Source(String pkg, String file, List<String> imports) {}

    static List<Source> sources() throws IOException {
        List<Source> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(f.getParent()).toString().replace('/', '.');
                List<String> imports = Files.readAllLines(f).stream().filter(l -> l.startsWith("import "))
                        .map(l -> l.substring(7).replace("static ", "").replace(";", "").trim()).toList();
                out.add(new Source(pkg, f.toString(), imports));
            }
        }
        return out;
    }

    static List<String> violations(String importPrefix, java.util.function.Predicate<String> allowedPackage)
            throws IOException {
        List<String> bad = new ArrayList<>();
        for (Source s : sources()) {
            if (allowedPackage.test(s.pkg())) {
                continue;
            }
            s.imports().stream().filter(i -> i.startsWith(importPrefix)).forEach(i -> bad.add(s.file() + " imports " + i));
        }
        return bad;
    }

    @Test
    void only_the_api_package_imports_the_http_framework() throws IOException {
        assertThat(violations("io.javalin", p -> p.equals("api"))).isEmpty();
        assertThat(violations("org.eclipse.jetty", p -> p.equals("api"))).isEmpty();
    }

    @Test
    void only_the_jdbc_store_imports_jdbc() throws IOException {
        assertThat(violations("java.sql", p -> p.equals("store.jdbc"))).isEmpty();
        assertThat(violations("javax.sql", p -> p.equals("store.jdbc"))).isEmpty();
        assertThat(violations("com.zaxxer", p -> p.equals("store.jdbc"))).isEmpty();
        assertThat(violations("org.flywaydb", p -> p.equals("store.jdbc"))).isEmpty();
    }

    @Test
    void core_depends_on_nothing_else_in_flowgate() throws IOException {
        for (Source s : sources()) {
            if (s.pkg().equals("core")) {
                assertThat(s.imports()).as(s.file()).noneMatch(i -> i.startsWith("io.flowgate.")
                        && !i.startsWith("io.flowgate.core."));
            }
        }
    }

    @Test
    void the_domain_does_not_reach_out_to_edges_or_adapters() throws IOException {
        List<String> domain = List.of("core", "workflow", "expr", "engine", "engine.steps", "engine.steps.builtin",
                "engine.worker", "store", "trigger.webhook");
        List<String> edges = List.of("io.flowgate.api.", "io.flowgate.cli.", "io.flowgate.store.jdbc.",
                "io.flowgate.App", "io.flowgate.auth.", "io.flowgate.ops.");
        for (Source s : sources()) {
            if (domain.contains(s.pkg())) {
                assertThat(s.imports()).as(s.file()).noneMatch(i -> edges.stream().anyMatch(i::startsWith));
            }
        }
    }

    @Test
    void workflow_and_expressions_do_not_know_the_engine() throws IOException {
        for (Source s : sources()) {
            if (s.pkg().equals("workflow") || s.pkg().equals("expr")) {
                assertThat(s.imports()).as(s.file()).noneMatch(i -> i.startsWith("io.flowgate.engine")
                        || i.startsWith("io.flowgate.store"));
            }
        }
    }
}
