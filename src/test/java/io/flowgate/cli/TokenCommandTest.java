package io.flowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenCommandTest {
    FakeServer server;
    Map<String, String> env;

    @BeforeEach
    void start() throws java.io.IOException {
        server = new FakeServer();
        env = Map.of("FLOWGATE_SERVER", server.url(), "FLOWGATE_API_KEY", "k1");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void token_create_prints_the_token_once() {
        server.on("POST /api/v1/workflows/order-intake/webhook/tokens", 201,
                "{\"id\":\"t1\",\"token\":\"fgw_secret\",\"prefix\":\"fgw_secr\",\"createdAt\":\"2026-11-23T09:00:00Z\"}");
        CliRun run = CliRun.run(env, "token", "create", "order-intake");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("created token t1 for order-intake").contains("fgw_secret");
        CliRun json = CliRun.run(env, "token", "create", "order-intake", "--output", "json");
        assertThat(json.exit()).isZero();
        assertThat(json.out()).contains("\"token\" : \"fgw_secret\"");
    }

    @Test
    void token_list_shows_prefixes_and_token_revoke_deletes_by_id() {
        server.on("GET /api/v1/workflows/order-intake/webhook/tokens", 200,
                "{\"items\":[{\"id\":\"t1\",\"prefix\":\"fgw_abcdefgh\",\"createdAt\":\"2026-11-23T09:00:00Z\",\"revokedAt\":null}]}");
        server.on("DELETE /api/v1/workflows/order-intake/webhook/tokens/t1", 204, "");
        CliRun list = CliRun.run(env, "token", "list", "order-intake");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("t1").contains("fgw_abcdefgh");
        CliRun revoke = CliRun.run(env, "token", "revoke", "order-intake", "t1");
        assertThat(revoke.exit()).isZero();
        assertThat(revoke.out()).isEqualTo("revoked token t1\n");
    }
}
