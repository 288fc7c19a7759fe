package io.flowgate.trigger.schedule;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteSchedulerTest extends SchedulerContract {
    @TempDir
    Path dir;

    @Override
    String databaseUrl() {
        return "jdbc:sqlite:" + dir.resolve("flowgate.db");
    }
}
