package io.flowgate.it;

import java.nio.file.Path;

class PostgresEngineApiTest extends EngineApiContract {
    @Override
    TestServer startServer(Path dir) throws Exception {
        return TestServer.postgres(dir);
    }
}
