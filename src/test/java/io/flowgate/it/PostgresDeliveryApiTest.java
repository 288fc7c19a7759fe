package io.flowgate.it;

import java.nio.file.Path;

class PostgresDeliveryApiTest extends DeliveryApiContract {
    @Override
    TestServer startServer(Path dir) throws Exception {
        return TestServer.postgres(dir);
    }
}
