package io.flowgate.it;

import java.nio.file.Path;

class SqliteDeliveryApiTest extends DeliveryApiContract {
    @Override
    TestServer startServer(Path dir) throws Exception {
        return TestServer.sqlite(dir);
    }
}
