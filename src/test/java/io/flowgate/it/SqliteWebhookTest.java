package io.flowgate.it;

import java.nio.file.Path;

class SqliteWebhookTest extends WebhookContract {
    @Override
    TestServer startServer(Path dir) throws Exception {
        return TestServer.sqlite(dir);
    }
}
