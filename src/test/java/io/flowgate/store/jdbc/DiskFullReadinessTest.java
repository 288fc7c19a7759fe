package io.flowgate.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A full disk still lets commits through that only rewrite pages the files already hold (a run's steps, a
 * heartbeat), so the node reads as unavailable until it has committed since and the file system has room again, not
 * until any commit (on a slow machine it answered "ready" while every new start was refused).
 */
class DiskFullReadinessTest {
    @TempDir
    Path dir;

    @Test
    void a_full_disk_stays_the_reason_until_a_commit_once_there_is_room_again() {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("flowgate.db"))) {
            GroupCommitter writes = db.writes();
            AtomicLong free = new AtomicLong(4096);
            writes.watchFreeSpace(free::get);
            writes.noteUnavailable(new StoreException("Write failed", null,
                    new SQLiteException("database or disk is full", SQLiteErrorCode.SQLITE_FULL)));
            assertThat(writes.unavailableReason()).hasValueSatisfying(r -> assertThat(r).contains("disk is full"));

            writes.write(tx -> tx.execute("CREATE TABLE IF NOT EXISTS probe (n INTEGER)"));
            assertThat(writes.unavailableReason()).as("a commit while the disk is still full").isPresent();

            free.set(4096 + GroupCommitter.ROOM_AGAIN);
            assertThat(writes.unavailableReason()).as("room again, and a commit since the failure").isEmpty();
        }
    }

    @Test
    void other_failures_clear_with_the_next_commit() {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("flowgate.db"))) {
            GroupCommitter writes = db.writes();
            writes.noteUnavailable(new StoreException("Write failed", null,
                    new SQLiteException("database is locked", SQLiteErrorCode.SQLITE_BUSY)));
            assertThat(writes.unavailableReason()).isPresent();
            writes.write(tx -> tx.execute("CREATE TABLE IF NOT EXISTS probe (n INTEGER)"));
            assertThat(writes.unavailableReason()).isEmpty();
        }
    }
}
