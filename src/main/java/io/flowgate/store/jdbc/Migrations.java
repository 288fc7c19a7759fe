package io.flowgate.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * Feeds Flyway one numbered set of migrations: every file of {@code db/migration/common}, except
 * that a file of the same name in {@code db/migration/<dialect>} replaces it. Dialect folders
 * hold only such replacements (e.g. BYTEA for BLOB), so the schema is written once.
 */
final class Migrations implements ResourceProvider {
    static final String ROOT = "db/migration/";
    private final Map<String, Migration> byName;

    Migrations(Dialect dialect) {
        this(dialect, Migrations.class.getClassLoader());
    }

    /** Reads the migrations {@code loader} sees: a directory in development, the shaded jar in production. */
    Migrations(Dialect dialect, ClassLoader loader) {
        Map<String, Migration> files = new TreeMap<>();
        for (String name : list(loader, ROOT + "common")) {
            files.put(name, new Migration(loader, ROOT + "common/" + name, name));
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("No migrations found in " + ROOT + "common on the classpath");
        }
        for (String name : list(loader, ROOT + dialect.migrationFolder())) {
            if (!files.containsKey(name)) {
                throw new IllegalStateException("Migration " + dialect.migrationFolder() + "/" + name
                        + " replaces nothing: dialect folders may only override a common file of the same name");
            }
            files.put(name, new Migration(loader, ROOT + dialect.migrationFolder() + "/" + name, name));
        }
        this.byName = files;
    }

    /** The classpath path each migration file name resolves to, in name order. */
    Map<String, String> resolved() {
        Map<String, String> out = new TreeMap<>();
        byName.forEach((name, m) -> out.put(name, m.path));
        return out;
    }

    @Override
    public LoadableResource getResource(String name) {
        return byName.get(name);
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        List<LoadableResource> out = new ArrayList<>();
        for (Migration m : byName.values()) {
            if (m.name.startsWith(prefix) && Stream.of(suffixes).anyMatch(m.name::endsWith)) {
                out.add(m);
            }
        }
        return out;
    }

    private static List<String> list(ClassLoader loader, String folder) {
        List<String> names = new ArrayList<>();
        try {
            Enumeration<URL> urls = loader.getResources(folder);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                switch (url.getProtocol()) {
                    case "file" -> {
                        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                            files.map(p -> p.getFileName().toString()).forEach(names::add);
                        }
                    }
                    case "jar" -> {
                        JarURLConnection conn = (JarURLConnection) url.openConnection();
                        conn.setUseCaches(false);
                        try (JarFile jar = conn.getJarFile()) {
                            String prefix = folder + "/";
                            for (JarEntry e : jar.stream().toList()) {
                                String n = e.getName();
                                if (n.startsWith(prefix) && n.length() > prefix.length()
                                        && n.indexOf('/', prefix.length()) < 0) {
                                    names.add(n.substring(prefix.length()));
                                }
                            }
                        }
                    }
                    default -> throw new IllegalStateException("Cannot list migrations at " + url);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list migrations in " + folder, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot list migrations in " + folder, e);
        }
        return names;
    }

    private static final class Migration extends LoadableResource {
        private final ClassLoader loader;
        private final String path;
        private final String name;

        Migration(ClassLoader loader, String path, String name) {
            this.loader = loader;
            this.path = path;
            this.name = name;
        }

        @Override
        public Reader read() {
            InputStream in = loader.getResourceAsStream(path);
            if (in == null) {
                throw new IllegalStateException("Migration " + path + " vanished from the classpath");
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        }

        @Override
        public String getAbsolutePath() {
            return path;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return path;
        }

        @Override
        public String getFilename() {
            return name;
        }

        @Override
        public String getRelativePath() {
            return name;
        }
    }
}
