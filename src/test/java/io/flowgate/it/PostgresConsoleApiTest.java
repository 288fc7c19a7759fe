package io.flowgate.it;

import java.nio.file.Path;

class PostgresConsoleApiTest extends ConsoleApiContract {
    @Override
    TestServer startServer(Path dir) throws Exception {
        return TestServer.postgres(dir);
    }
}
