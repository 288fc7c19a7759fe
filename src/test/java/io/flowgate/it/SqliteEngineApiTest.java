package io.flowgate.it;

import java.nio.file.Path;

class SqliteEngineApiTest extends EngineApiContract {
    @Override
    TestServer startServer(Path dir) throws Exception {
        return TestServer.sqlite(dir);
    }
}
