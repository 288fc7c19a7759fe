package io.flowgate.it;

import java.nio.file.Path;

class PostgresWebhookTest extends WebhookContract {
    @Override
    TestServer startServer(Path dir) throws Exception {
        return TestServer.postgres(dir);
    }
}
