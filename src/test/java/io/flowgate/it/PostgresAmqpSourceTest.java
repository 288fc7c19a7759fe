package io.flowgate.it;

import java.nio.file.Path;

/** The cases of {@link AmqpSourceTest} with the node on PostgreSQL (the broker store, the intake, runs). */
class PostgresAmqpSourceTest extends AmqpSourceTest {
    @Override
    TestServer startServer(Path dir) throws Exception {
        return TestServer.postgres(dir);
    }
}
