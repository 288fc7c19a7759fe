package io.flowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeliveriesCommandTest {
    FakeServer server;
    Map<String, String> env;

    @BeforeEach
    void start() throws IOException {
        server = new FakeServer();
        env = Map.of("FLOWGATE_SERVER", server.url(), "FLOWGATE_API_KEY", "k1");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void deliveries_passes_filters_and_prints_a_table() {
        server.on("GET /api/v1/deliveries", 200, """
                {"items":[{"id":"msg_1","event":"step.completed","url":"https://h.example/x","status":"dead",
                "attempts":10,"lastStatusCode":500,"executionId":"e1"}]}""");

        CliRun run = CliRun.run(env, "deliveries", "--execution", "e1", "--status", "dead");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(server.requests.getFirst().query()).isEqualTo("executionId=e1&status=dead&limit=50");
        assertThat(run.out()).isEqualTo("""
                ID     EVENT           STATUS  ATTEMPTS  LAST  EXECUTION  URL
                msg_1  step.completed  dead    10        500   e1         https://h.example/x
                """);
    }

    @Test
    void deliveries_redeliver_posts_to_the_delivery() {
        server.on("POST /api/v1/deliveries/msg_1/redeliver", 202, "{\"id\":\"msg_1\",\"status\":\"pending\"}");

        CliRun run = CliRun.run(env, "deliveries", "redeliver", "msg_1");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("delivery msg_1 is pending again\n");
    }
}
