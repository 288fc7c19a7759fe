package io.flowgate.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * SQLite's native library from a copy extracted once. Left to itself the driver copies the library out of the
 * jar into a temporary file on every start and then reads both again, byte by byte, to compare them: ~7 % of a
 * start's CPU (docs/benchmarks.md#hot-path-issue-12). The copy lives next to the application jar
 * ({@code target/native/sqlite-<version>/}), where only whoever may replace the jar may write, and is named by
 * the driver's version; the driver loads it through its own {@code org.sqlite.lib.path} and
 * {@code org.sqlite.lib.name} properties. Anything unexpected (not run from a jar, a directory not writable, a
 * platform without a bundled library) leaves the driver to do as it always does.
 */
final class SqliteNativeLibrary {
    static final String PATH_PROPERTY = "org.sqlite.lib.path";
    static final String NAME_PROPERTY = "org.sqlite.lib.name";
    private static final Logger LOG = LoggerFactory.getLogger(SqliteNativeLibrary.class);
    private static volatile boolean tried;

    private SqliteNativeLibrary() {}

    /** Once per process, before the driver first loads: points it at the extracted copy when there can be one. */
    static void preferExtractedCopy() {
        if (tried) {
            return;
        }
        synchronized (SqliteNativeLibrary.class) {
            if (tried) {
                return;
            }
            tried = true;
            if (System.getProperty(PATH_PROPERTY) != null || !"true".equals(System.getProperty(
                    "flowgate.sqlite.extractOnce", "true"))) {
                return; // someone chose a library already, or the operator turned this off
            }
            Path jar = applicationJar();
            if (jar == null) {
                return;
            }
            try {
                Path lib = extractOnce(jar.resolveSibling("native"));
                if (lib != null) {
                    System.setProperty(PATH_PROPERTY, lib.getParent().toString());
                    System.setProperty(NAME_PROPERTY, lib.getFileName().toString());
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("Leaving SQLite's native library to the driver: {}", e.toString());
            }
        }
    }

    /**
     * The driver's library for this platform under {@code dir}, copied there first if it is not yet (same size as
     * the bundled one): a temporary file moved into place, so a concurrent start never loads half a copy. Null when
     * the driver bundles no library for this platform.
     */
    static Path extractOnce(Path dir) throws IOException {
        String name = LibraryLoaderUtil.getNativeLibName();
        URL bundled = SQLiteJDBCLoader.class.getResource(LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name);
        if (bundled == null) {
            return null;
        }
        long size = bundled.openConnection().getContentLengthLong(); // the jar entry's size, without inflating it
        Path target = dir.resolve("sqlite-" + SQLiteJDBCLoader.getVersion()).resolve(name);
        if (Files.isRegularFile(target) && size >= 0 && Files.size(target) == size) {
            return target;
        }
        Files.createDirectories(target.getParent());
        Path partial = Files.createTempFile(target.getParent(), name, ".part");
        try (InputStream in = bundled.openStream()) {
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
        return target;
    }

    /** The jar this class was loaded from; null when run from a classes directory (tests, an IDE). */
    private static Path applicationJar() {
        try {
            var source = SqliteNativeLibrary.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return null;
            }
            Path path = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(path) && path.toString().endsWith(".jar") ? path : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
