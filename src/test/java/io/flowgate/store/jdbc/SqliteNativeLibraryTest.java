package io.flowgate.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

class SqliteNativeLibraryTest {
    @TempDir
    Path dir;

    @Test
    void the_bundled_library_is_copied_once_by_version_and_then_reused() throws Exception {
        Path lib = SqliteNativeLibrary.extractOnce(dir);

        assertThat(lib).isNotNull(); // this machine's platform has a bundled library
        assertThat(lib.getParent().getFileName().toString()).isEqualTo("sqlite-" + SQLiteJDBCLoader.getVersion());
        try (InputStream bundled = SQLiteJDBCLoader.class.getResourceAsStream(
                LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName())) {
            assertThat(Files.readAllBytes(lib)).isEqualTo(bundled.readAllBytes());
        }
        long written = Files.getLastModifiedTime(lib).toMillis();
        Files.setLastModifiedTime(lib, java.nio.file.attribute.FileTime.fromMillis(written - 60_000));

        assertThat(SqliteNativeLibrary.extractOnce(dir)).isEqualTo(lib);
        assertThat(Files.getLastModifiedTime(lib).toMillis()).isEqualTo(written - 60_000); // not copied again
        try (var files = Files.list(lib.getParent())) {
            assertThat(files).containsExactly(lib); // no partial copy left behind
        }
    }

    @Test
    void a_copy_of_another_size_is_replaced() throws Exception {
        Path lib = SqliteNativeLibrary.extractOnce(dir);
        long size = Files.size(lib);
        Files.write(lib, new byte[] {1, 2, 3});

        assertThat(SqliteNativeLibrary.extractOnce(dir)).isEqualTo(lib);
        assertThat(Files.size(lib)).isEqualTo(size);
    }
}
