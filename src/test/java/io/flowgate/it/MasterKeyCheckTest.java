package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowgate.App;
import io.flowgate.config.Config;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second node started on the cluster's database with its own master key refuses to start, saying what to do,
 * instead of running and failing every secret, credential and signature the other node wrote (the crash loop
 * found this: node b's deliveries could not decrypt the signing secret node a had made).
 */
class MasterKeyCheckTest {
    @TempDir
    Path dir;

    @Test
    void a_node_with_another_master_key_refuses_to_start_and_one_with_the_same_key_starts() throws Exception {
        String db = PostgresDatabases.create("flowgate_keys");
        try {
            Config base = TestServer.config(dir).withDb(PostgresDatabases.url(db));
            Map<String, String> keyA = Map.of("FLOWGATE_MASTER_KEY", key(1));
            try (App a = App.start(base.withNodeId("node-a").withDataDir(dir.resolve("a")), keyA)) {
                assertThatThrownBy(() -> App.start(base.withNodeId("node-b").withDataDir(dir.resolve("b")),
                        Map.of("FLOWGATE_MASTER_KEY", key(2))))
                        .hasMessageContaining("master key (FLOWGATE_MASTER_KEY) is not the one this database's secrets are "
                                + "encrypted with")
                        .hasMessageContaining("copy master.key");
                try (App b = App.start(base.withNodeId("node-b").withDataDir(dir.resolve("b")), keyA)) {
                    assertThat(new Http(b.url(), a.adminKey()).get("/readyz").status()).isEqualTo(200);
                }
            }
        } finally {
            PostgresDatabases.drop(db);
        }
    }

    private static String key(int fill) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) fill);
        return Base64.getEncoder().encodeToString(k);
    }
}
