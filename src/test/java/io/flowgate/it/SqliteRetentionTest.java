package io.flowgate.it;

import java.nio.file.Path;

class SqliteRetentionTest extends RetentionContract {
    @Override
    TestServer startServer(Path dir, OffsetClock clock) throws Exception {
        return TestServer.sqlite(dir, clock);
    }
}
