package io.flowgate.it;

import java.nio.file.Path;

class SqliteConsoleApiTest extends ConsoleApiContract {
    @Override
    TestServer startServer(Path dir) throws Exception {
        return TestServer.sqlite(dir);
    }
}
