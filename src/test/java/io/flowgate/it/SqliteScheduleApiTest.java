package io.flowgate.it;

import java.nio.file.Path;

class SqliteScheduleApiTest extends ScheduleApiContract {
    @Override
    TestServer startServer(Path dir) throws Exception {
        return TestServer.sqlite(dir);
    }
}
