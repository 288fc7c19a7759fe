package io.flowgate.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A full disk still lets commits through that only rewrite pages the files already hold (a run's steps, a
 * heartbeat), so the node reads as unavailable until it has committed since and the file system has room again, not
 * until any commit (on a slow machine it answered "ready" while every new start was refused). Where the file system
 * never regains room but deletes free pages inside the file, a commit a quiet while after the last refused write
 * clears it too.
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
    void a_full_disk_also_clears_with_a_commit_a_quiet_while_after_the_last_refused_write() {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("flowgate.db"))) {
            GroupCommitter writes = db.writes();
            writes.watchFreeSpace(() -> 4096); // the file system never regains room; deletes free pages in the file
            writes.fullDiskQuiet(Duration.ofHours(1));
            writes.noteUnavailable(new StoreException("Write failed", null,
                    new SQLiteException("database or disk is full", SQLiteErrorCode.SQLITE_FULL)));
            writes.write(tx -> tx.execute("CREATE TABLE IF NOT EXISTS probe (n INTEGER)"));
            assertThat(writes.unavailableReason()).as("a commit within the quiet time").isPresent();

            writes.fullDiskQuiet(Duration.ofNanos(1)); // stands for the quiet time having passed
            writes.write(tx -> tx.execute("INSERT INTO probe VALUES (1)"));
            assertThat(writes.unavailableReason()).as("a commit after the quiet time").isEmpty();
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
