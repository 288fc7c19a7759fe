package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.App;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresClusterApiTest extends ClusterApiContract {
    @Override
    TestServer startServer(Path dir) throws Exception {
        return TestServer.postgres(dir);
    }

    @Test
    void two_nodes_on_one_database_are_both_listed_and_a_stopped_one_is_not_alive_at_once() throws Exception {
        App second = App.start(TestServer.config(dir.resolve("second")).withDb(server.postgresUrl())
                .withNodeId("second-node"), TestServer.CLUSTER_ENV);
        try {
            Http onSecond = new Http(second.url(), server.app().adminKey());
            assertThat(node(onSecond, server.app().membership().owner().nodeId()).get("alive").asBoolean()).isTrue();
            assertSecondNodeIsListedThenStoppedAtOnce(http, second);
        } finally {
            second.close();
        }
    }

    @Test
    void a_restarted_node_takes_the_next_epoch() throws Exception {
        App first = App.start(TestServer.config(dir.resolve("r1")).withDb(server.postgresUrl())
                .withNodeId("restarting"), TestServer.CLUSTER_ENV);
        long epoch = first.membership().owner().epoch();
        first.close();
        try (App again = App.start(TestServer.config(dir.resolve("r2")).withDb(server.postgresUrl())
                .withNodeId("restarting"), TestServer.CLUSTER_ENV)) {
            assertThat(again.membership().owner().epoch()).isEqualTo(epoch + 1);
            assertThat(node(http, "restarting").get("alive").asBoolean()).isTrue();
        }
    }
}
