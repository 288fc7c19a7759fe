package io.flowgate.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.core.CacheSettings;
import io.flowgate.core.SettableClock;
import io.flowgate.secrets.SecretCipher;
import io.flowgate.store.SigningSecretStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SigningSecretsTest {
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    /** Live secrets in memory; only ciphertext is kept, as in the real store. */
    static final class MemoryStore implements SigningSecretStore {
        final List<StoredSecret> rows = new ArrayList<>();
        final List<String> revoked = new ArrayList<>();

        @Override
        public synchronized void insert(StoredSecret secret) {
            rows.add(secret);
        }

        @Override
        public synchronized List<StoredSecret> live(String team, String workflowId) {
            return rows.stream().filter(r -> r.team().equals(team) && r.workflowId().equals(workflowId)
                    && !revoked.contains(r.id())).toList();
        }

        @Override
        public synchronized boolean revoke(String team, String workflowId, String id, Instant at) {
            return live(team, workflowId).stream().anyMatch(r -> r.id().equals(id)) && revoked.add(id);
        }
    }

    final SettableClock clock = new SettableClock(T0);
    final MemoryStore store = new MemoryStore();
    final SigningSecrets secrets = new SigningSecrets(store, new SecretCipher(new byte[32]), clock);

    @Test
    void a_workflow_without_a_secret_gets_exactly_one_even_when_its_first_messages_arrive_together() throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<String>>> all = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                all.add(pool.submit(() -> secrets.signingSecrets("default", "wf")));
            }
            for (Future<List<String>> f : all) {
                assertThat(f.get()).hasSize(1);
            }
        }
        assertThat(store.rows).hasSize(1);
        assertThat(store.rows.getFirst().ciphertext()).isNotEmpty();
    }

    @Test
    void created_secrets_sign_at_once_and_revoked_ones_stop_signing() {
        SigningSecrets.Created a = secrets.create("default", "wf");
        assertThat(secrets.signingSecrets("default", "wf")).containsExactly(a.secret());
        SigningSecrets.Created b = secrets.create("default", "wf");
        assertThat(secrets.signingSecrets("default", "wf")).containsExactly(a.secret(), b.secret());
        assertThat(secrets.list("default", "wf")).extracting(SigningSecrets.Info::id).containsExactly(a.id(), b.id());

        assertThat(secrets.revoke("default", "wf", a.id())).isTrue();
        assertThat(secrets.revoke("default", "wf", a.id())).isFalse();
        assertThat(secrets.signingSecrets("default", "wf")).containsExactly(b.secret());
        assertThat(secrets.signingSecrets("default", "other")).doesNotContain(b.secret());
    }

    @Test
    void secrets_are_reread_after_the_cache_ttl() {
        SigningSecrets.Created a = secrets.create("default", "wf");
        secrets.signingSecrets("default", "wf");
        store.revoked.add(a.id()); // another node revoked it
        assertThat(secrets.signingSecrets("default", "wf")).containsExactly(a.secret());
        clock.advance(CacheSettings.DEFAULT_CREDENTIAL_TTL.plus(Duration.ofMillis(1)));
        assertThat(secrets.signingSecrets("default", "wf")).hasSize(1).doesNotContain(a.secret());
    }
}
