package io.flowgate.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Our hand-written signer checked against the Standard Webhooks reference library (an independent implementation). */
class SignerTest {
    static Map<String, List<String>> headers(String id, long timestamp, String signature) {
        return Map.of("webhook-id", List.of(id), "webhook-timestamp", List.of(Long.toString(timestamp)),
                "webhook-signature", List.of(signature));
    }

    @Test
    void a_signature_verifies_with_the_reference_library() throws Exception {
        String secret = Signer.newSecret();
        long now = Instant.now().getEpochSecond();
        String body = "{\"event\":\"step.completed\",\"executionId\":\"e1\"}";
        String signature = Signer.signature(List.of(secret), "msg_1", now, body);

        new Webhook(secret).verify(body, headers("msg_1", now, signature));
        assertThat(signature).isEqualTo(new Webhook(secret).sign("msg_1", now, body));
    }

    @Test
    void a_changed_body_or_id_does_not_verify() {
        String secret = Signer.newSecret();
        long now = Instant.now().getEpochSecond();
        String signature = Signer.signature(List.of(secret), "msg_1", now, "{\"a\":1}");

        assertThatThrownBy(() -> new Webhook(secret).verify("{\"a\":2}", headers("msg_1", now, signature)))
                .isInstanceOf(WebhookVerificationException.class);
        assertThatThrownBy(() -> new Webhook(secret).verify("{\"a\":1}", headers("msg_2", now, signature)))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void during_a_rotation_each_live_secret_verifies_on_its_own() throws Exception {
        String old = Signer.newSecret();
        String next = Signer.newSecret();
        long now = Instant.now().getEpochSecond();
        String signature = Signer.signature(List.of(old, next), "msg_9", now, "{}");

        assertThat(signature.split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
        new Webhook(old).verify("{}", headers("msg_9", now, signature));
        new Webhook(next).verify("{}", headers("msg_9", now, signature));
        assertThatThrownBy(() -> new Webhook(Signer.newSecret()).verify("{}", headers("msg_9", now, signature)))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void new_secrets_are_whsec_and_32_random_bytes() {
        String a = Signer.newSecret();
        assertThat(a).startsWith("whsec_");
        assertThat(Signer.key(a)).hasSize(32);
        assertThat(Signer.newSecret()).isNotEqualTo(a);
    }
}
