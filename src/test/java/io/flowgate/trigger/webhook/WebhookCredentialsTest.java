package io.flowgate.trigger.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.core.CacheSettings;
import io.flowgate.core.SettableClock;
import io.flowgate.secrets.SecretCipher;
import io.flowgate.store.jdbc.Database;
import io.flowgate.store.jdbc.JdbcWebhookStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The credential caches: a change on this node shows at once, another node's within the TTL. */
class WebhookCredentialsTest {
    final SettableClock clock = new SettableClock(Instant.parse("2026-11-26T10:00:00Z"));
    final Database db;
    final WebhookCredentials here;
    final WebhookCredentials otherNode;

    WebhookCredentialsTest(@TempDir Path dir) {
        db = Database.open("jdbc:sqlite:" + dir.resolve("flowgate.db"));
        SecretCipher cipher = new SecretCipher(new byte[32]);
        here = new WebhookCredentials(new JdbcWebhookStore(db), cipher, clock);
        otherNode = new WebhookCredentials(new JdbcWebhookStore(db), cipher, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void a_token_revoked_here_stops_at_once_and_on_another_node_after_the_ttl() {
        WebhookCredentials.CreatedToken created = here.createToken("default", "orders");
        assertThat(here.authenticate(created.token())).isPresent();
        assertThat(otherNode.authenticate(created.token())).isPresent();

        here.revokeToken("default", "orders", created.row().id());
        assertThat(here.authenticate(created.token())).isEmpty();
        clock.advance(CacheSettings.DEFAULT_CREDENTIAL_TTL.minusMillis(1));
        assertThat(otherNode.authenticate(created.token())).isPresent();
        clock.advance(Duration.ofMillis(1));
        assertThat(otherNode.authenticate(created.token())).isEmpty();
    }

    @Test
    void a_revoked_token_cached_as_unknown_does_not_hide_a_new_token() {
        WebhookCredentials.CreatedToken created = here.createToken("default", "orders");
        here.revokeToken("default", "orders", created.row().id());
        assertThat(otherNode.authenticate(created.token())).isEmpty();
        WebhookCredentials.CreatedToken next = here.createToken("default", "orders");
        assertThat(otherNode.authenticate(next.token())).isPresent(); // a different hash: not cached
    }

    @Test
    void a_new_secret_signs_at_once_here_and_on_another_node_after_the_ttl() {
        WebhookCredentials.CreatedSecret first = here.createSecret("default", "orders");
        assertThat(otherNode.secrets("default", "orders")).containsExactly(first.secret());

        WebhookCredentials.CreatedSecret second = here.createSecret("default", "orders");
        assertThat(here.secrets("default", "orders")).containsExactlyInAnyOrder(first.secret(), second.secret());
        assertThat(otherNode.secrets("default", "orders")).containsExactly(first.secret());
        clock.advance(CacheSettings.DEFAULT_CREDENTIAL_TTL);
        assertThat(otherNode.secrets("default", "orders")).containsExactlyInAnyOrder(first.secret(), second.secret());

        here.revokeSecret("default", "orders", first.row().id());
        assertThat(here.secrets("default", "orders")).containsExactly(second.secret());
    }
}
