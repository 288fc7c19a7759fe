package io.flowgate.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

    /** Every migration, in order; a new one is added here. */
    static final List<String> ALL = List.of("V1__init.sql", "V2__credentials.sql", "V3__schedules.sql",
            "V4__deliveries.sql", "V5__webhooks.sql", "V6__signing_secrets.sql", "V7__schedule_timers.sql",
            "V8__events.sql", "V9__event_scope.sql", "V10__nodes.sql", "V11__capture_sessions.sql", "V12__brokers.sql",
            "V13__key_check.sql", "V14__retention.sql", "V15__source_leases.sql");

    private static Map<String, String> common(Set<String> fromDialectFolder, String dialect) {
        Map<String, String> expected = new LinkedHashMap<>();
        for (String name : ALL) {
            expected.put(name, "db/migration/" + (fromDialectFolder.contains(name) ? dialect : "common") + "/" + name);
        }
        return expected;
    }

    @Test
    void sqlite_uses_the_common_set() {
        assertThat(new Migrations(Dialect.SQLITE).resolved()).isEqualTo(common(Set.of(), "sqlite"));
    }

    @Test
    void a_dialect_file_replaces_the_common_file_of_the_same_name() {
        assertThat(new Migrations(Dialect.POSTGRESQL).resolved()).isEqualTo(
                common(Set.of("V2__credentials.sql", "V6__signing_secrets.sql"), "postgresql"));
    }

    @Test
    void flyway_is_offered_only_the_files_it_asks_for() {
        Migrations m = new Migrations(Dialect.SQLITE);

        assertThat(m.getResources("V", new String[] {".sql"})).hasSize(m.resolved().size());
        assertThat(m.getResources("R", new String[] {".sql"})).isEmpty();
        assertThat(m.getResource("V2__credentials.sql").getFilename()).isEqualTo("V2__credentials.sql");
    }

    @Test
    void migrations_are_found_inside_a_jar_as_in_the_shaded_build(@TempDir Path dir) throws IOException {
        Path jar = jar(dir.resolve("app.jar"), Map.of(
                "db/migration/common/V1__a.sql", "common a",
                "db/migration/common/V2__b.sql", "common b",
                "db/migration/postgresql/V2__b.sql", "pg b"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Migrations pg = new Migrations(Dialect.POSTGRESQL, loader);

            assertThat(pg.resolved()).isEqualTo(Map.of(
                    "V1__a.sql", "db/migration/common/V1__a.sql",
                    "V2__b.sql", "db/migration/postgresql/V2__b.sql"));
            try (BufferedReader r = new BufferedReader(pg.getResource("V2__b.sql").read())) {
                assertThat(r.readLine()).isEqualTo("pg b");
            }
        }
    }

    @Test
    void a_dialect_file_that_replaces_nothing_is_refused(@TempDir Path dir) throws IOException {
        Path jar = jar(dir.resolve("app.jar"), Map.of(
                "db/migration/common/V1__a.sql", "common a",
                "db/migration/sqlite/V9__only_here.sql", "orphan"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertThatThrownBy(() -> new Migrations(Dialect.SQLITE, loader))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("V9__only_here.sql");
        }
    }

    /** With directory entries, as the jar and shade plugins write them (listing a folder relies on them). */
    @Test
    void finding_no_migrations_at_all_is_an_error(@TempDir Path dir) throws IOException {
        Path jar = jar(dir.resolve("empty.jar"), Map.of("other/file.txt", "x"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertThatThrownBy(() -> new Migrations(Dialect.SQLITE, loader))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("db/migration/common");
        }
    }

    private static Path jar(Path file, Map<String, String> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out)) {
            Set<String> dirs = new TreeSet<>();
            for (String name : entries.keySet()) {
                for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
                    dirs.add(name.substring(0, slash + 1));
                }
            }
            for (String d : dirs) {
                jar.putNextEntry(new JarEntry(d));
                jar.closeEntry();
            }
            for (Map.Entry<String, String> e : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(e.getKey()));
                jar.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
        return file;
    }
}
