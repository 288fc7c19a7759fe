package io.flowgate.it;

import java.nio.file.Path;

class SqliteEventsTest extends EventsContract {
    @Override
    TestServer startServer(Path dir, OffsetClock clock) throws Exception {
        return TestServer.sqlite(dir, clock);
    }
}
