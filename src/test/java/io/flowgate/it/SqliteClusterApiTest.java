package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SqliteClusterApiTest extends ClusterApiContract {
    @Override
    TestServer startServer(Path dir) throws Exception {
        return TestServer.sqlite(dir);
    }

    @Test
    void sqlite_lists_exactly_the_one_node() {
        assertThat(http.get("/api/v1/cluster").json().get("nodes")).hasSize(1);
    }
}
