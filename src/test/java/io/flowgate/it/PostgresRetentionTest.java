package io.flowgate.it;

import java.nio.file.Path;

class PostgresRetentionTest extends RetentionContract {
    @Override
    TestServer startServer(Path dir, OffsetClock clock) throws Exception {
        return TestServer.postgres(dir, clock);
    }
}
