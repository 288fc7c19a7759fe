package io.flowgate.cli;

import io.flowgate.it.TestServer;
import java.nio.file.Path;

class SqliteEventCommandsTest extends EventCommandsContract {
    @Override
    TestServer startServer(Path dir) throws Exception {
        return TestServer.sqlite(dir);
    }
}
