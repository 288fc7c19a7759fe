package io.flowgate.auth;

import io.flowgate.core.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bootstrap admin key in {@code <dataDir>/admin.key} (mode 0600), which the CLI reads by default.
 *
 * <ul>
 *   <li>No key in the store, no file: a new admin key is created and written to the file.</li>
 *   <li>No key in the store, file present: the file's key is registered as admin, so a CLI keeps
 *       working after the database was wiped or pointed elsewhere.</li>
 *   <li>Keys in the store: nothing changes, whether or not the file exists.</li>
 * </ul>
 */
public final class AdminKeyFile {
    private static final Logger LOG = LoggerFactory.getLogger(AdminKeyFile.class);
    public static final String FILE_NAME = "admin.key";
    static final String KEY_NAME = "admin";

    private AdminKeyFile() {}

    /** Applies the rules above; returns true when a key was created or registered. */
    public static boolean ensure(ApiKeys keys, Path keyFile) {
        if (!keys.empty()) {
            return false;
        }
        try {
            if (Files.exists(keyFile)) {
                String existing = Files.readString(keyFile, StandardCharsets.UTF_8).trim();
                if (ApiKeys.wellFormed(existing)) {
                    keys.register(existing, KEY_NAME, Role.ADMIN, List.of());
                    LOG.info("Registered the admin key from {} in an empty key store", keyFile);
                    return true;
                }
                LOG.warn("{} does not hold a Flowgate key; replacing it with a new admin key", keyFile);
                Files.delete(keyFile);
            }
            ApiKeys.CreatedKey created = keys.create(KEY_NAME, Role.ADMIN, List.of());
            PrivateFiles.create(keyFile, created.key() + "\n");
            LOG.info("Created an admin API key in {}", keyFile);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the admin key file " + keyFile, e);
        }
    }
}
