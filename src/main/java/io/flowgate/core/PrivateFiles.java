package io.flowgate.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Files holding secrets (admin key, master key): created readable by their owner only (0600). */
public final class PrivateFiles {
    private PrivateFiles() {}

    /**
     * Creates {@code file} (and its directory) with mode 0600 and writes {@code content}.
     * Fails if the file exists, so an existing file's mode is never changed silently.
     */
    public static void create(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // not a POSIX file system (Windows): rely on the directory's ACL
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
