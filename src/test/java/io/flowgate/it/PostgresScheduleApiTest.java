package io.flowgate.it;

import java.nio.file.Path;

class PostgresScheduleApiTest extends ScheduleApiContract {
    @Override
    TestServer startServer(Path dir) throws Exception {
        return TestServer.postgres(dir);
    }
}
