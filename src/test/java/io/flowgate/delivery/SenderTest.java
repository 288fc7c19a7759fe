package io.flowgate.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.core.OutboundPolicy;
import io.flowgate.core.SettableClock;
import io.flowgate.it.Receiver;
import io.flowgate.secrets.SecretCipher;
import io.flowgate.store.Delivery;
import io.flowgate.store.DeliveryStatus;
import io.flowgate.store.DeliveryStore.Result;
import io.flowgate.store.SigningSecretStore;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One attempt against a real local receiver; time comes from a settable clock, so retry times are exact. */
class SenderTest {
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    final SettableClock clock = new SettableClock(T0);
    final Receiver receiver;
    final Sender sender;

    SenderTest() throws Exception {
        receiver = new Receiver();
        SigningSecretStore memory = new SigningSecretStore() {
            final List<StoredSecret> rows = new ArrayList<>();

            @Override
            public synchronized void insert(StoredSecret secret) {
                rows.add(secret);
            }

            @Override
            public synchronized List<StoredSecret> live(String team, String workflowId) {
                return List.copyOf(rows);
            }

            @Override
            public boolean revoke(String team, String workflowId, String id, Instant at) {
                return false;
            }
        };
        SigningSecrets signing = new SigningSecrets(memory, new SecretCipher(new byte[32]), clock);
        DeliverySettings settings = new DeliverySettings(new io.flowgate.core.LeaseOwner("n1", 1), 8, 8, 2, Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofSeconds(2), new RetrySchedule(List.of(Duration.ofSeconds(5), Duration.ofMinutes(5)), 0));
        sender = new Sender(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build(),
                new OutboundPolicy(List.of("127.0.0.0/8")), signing, () -> Map.of("PW", "hunter22"), clock, settings);
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    Delivery delivery(int attempts, int round, String config) {
        return new Delivery("msg_1", "default", "wf", "e1", "a", null, "step.completed", receiver.url("/h"),
                "http://127.0.0.1", config, "{\"event\":\"step.completed\"}", DeliveryStatus.PENDING, attempts, round,
                null, null, T0, T0);
    }

    @Test
    void a_failure_is_retried_after_the_next_wait_of_the_schedule() {
        receiver.answer(c -> new Receiver.Answer(500, "{\"echo\":\"hunter22\"}", 0));
        Result first = sender.attempt(delivery(0, 0, "{}"));
        assertThat(first.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(first.nextAttemptAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(first.attempt().response()).as("secrets are redacted in delivery records").contains("***")
                .doesNotContain("hunter22");

        clock.advance(Duration.ofSeconds(5));
        Result second = sender.attempt(delivery(1, 1, "{}"));
        assertThat(second.nextAttemptAt()).isEqualTo(T0.plusSeconds(5).plus(Duration.ofMinutes(5)));

        Result third = sender.attempt(delivery(2, 2, "{}"));
        assertThat(third.status()).isEqualTo(DeliveryStatus.DEAD);
        assertThat(third.attempts()).isEqualTo(3);
    }

    @Test
    void retry_after_from_a_503_replaces_the_scheduled_wait() throws Exception {
        com.sun.net.httpserver.HttpServer peer = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        peer.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().add("Retry-After", "120");
            ex.sendResponseHeaders(503, -1);
            ex.close();
        });
        peer.start();
        try {
            String url = "http://127.0.0.1:" + peer.getAddress().getPort() + "/busy";
            Delivery d = new Delivery("msg_2", "default", "wf", "e1", "a", null, "step.completed", url,
                    "http://127.0.0.1", "{}", "{}", DeliveryStatus.PENDING, 0, 0, null, null, T0, T0);
            Result r = sender.attempt(d);
            assertThat(r.status()).isEqualTo(DeliveryStatus.PENDING);
            assertThat(r.lastStatus()).isEqualTo(503);
            assertThat(r.nextAttemptAt()).isEqualTo(T0.plusSeconds(120));
        } finally {
            peer.stop(0);
        }
    }

    @Test
    void a_redirect_is_not_followed_and_counts_as_a_failure() {
        receiver.answer(c -> new Receiver.Answer(302, null, 0));
        Result r = sender.attempt(delivery(0, 0, "{}"));
        assertThat(r.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(r.lastStatus()).isEqualTo(302);
        assertThat(r.lastError()).contains("redirects are not followed");
        assertThat(receiver.calls()).hasSize(1);
    }

    @Test
    void success_records_status_and_latency() {
        Result r = sender.attempt(delivery(4, 0, "{\"timeout\": \"1s\"}"));
        assertThat(r.status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(r.attempts()).isEqualTo(5);
        assertThat(r.attempt().n()).isEqualTo(5);
        assertThat(r.attempt().at()).isEqualTo(T0);
        assertThat(r.nextAttemptAt()).isNull();
        assertThat(receiver.calls().getFirst().header("webhook-timestamp")).isEqualTo(Long.toString(T0.getEpochSecond()));
    }
}
