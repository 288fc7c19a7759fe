package io.flowgate.it;

import java.nio.file.Path;

/** The cases of {@link NatsSourceTest} with the node on PostgreSQL (the broker store, the intake, runs). */
class PostgresNatsSourceTest extends NatsSourceTest {
    @Override
    TestServer startServer(Path dir) throws Exception {
        return TestServer.postgres(dir);
    }
}
