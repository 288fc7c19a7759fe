package io.flowgate.trigger.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The published example vectors of each scheme's documentation, and their tolerance and tamper cases. */
class SignaturesTest {
    static final Duration FIVE_MIN = Duration.ofMinutes(5);

    // Standard Webhooks specification's test vector (also svix's golden vector).
    static final String STD_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String STD_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long STD_TS = 1614265330;
    static final byte[] STD_BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    static final String STD_SIG = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    static Map<String, String> std(String sig, long ts) {
        return Map.of("webhook-id", STD_ID, "webhook-timestamp", Long.toString(ts), "webhook-signature", sig);
    }

    @Test
    void the_standard_webhooks_specification_vector_verifies_within_its_tolerance() {
        Instant at = Instant.ofEpochSecond(STD_TS);
        assertThat(Signatures.verify(Signatures.STANDARD, List.of(STD_SECRET), std(STD_SIG, STD_TS), STD_BODY, at,
                FIVE_MIN)).isTrue();
        assertThat(Signatures.verify(Signatures.STANDARD, List.of(STD_SECRET),
                std("v1,bm9wZQ== " + STD_SIG, STD_TS), STD_BODY, at.plusSeconds(299), FIVE_MIN)).isTrue();
    }

    @Test
    void a_standard_webhooks_signature_outside_five_minutes_or_over_another_body_fails() {
        Instant at = Instant.ofEpochSecond(STD_TS);
        assertThat(Signatures.verify(Signatures.STANDARD, List.of(STD_SECRET), std(STD_SIG, STD_TS), STD_BODY,
                at.plusSeconds(301), FIVE_MIN)).isFalse();
        assertThat(Signatures.verify(Signatures.STANDARD, List.of(STD_SECRET), std(STD_SIG, STD_TS),
                "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8), at, FIVE_MIN)).isFalse();
        assertThat(Signatures.verify(Signatures.STANDARD, List.of("whsec_!!notbase64"), std(STD_SIG, STD_TS), STD_BODY,
                at, FIVE_MIN)).isFalse();
        assertThat(Signatures.verify(Signatures.STANDARD, List.of(STD_SECRET), Map.of(), STD_BODY, at, FIVE_MIN))
                .isFalse();
    }

    @Test
    void any_live_secret_may_match_during_rotation() {
        Instant at = Instant.ofEpochSecond(STD_TS);
        assertThat(Signatures.verify(Signatures.STANDARD, List.of("whsec_AAAA", STD_SECRET), std(STD_SIG, STD_TS),
                STD_BODY, at, FIVE_MIN)).isTrue();
    }

    @Test
    void the_github_documentation_vector_verifies() {
        // GitHub docs, "Validating webhook deliveries": secret, payload and expected signature.
        byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
        String header = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        assertThat(Signatures.verify(Signatures.GITHUB, List.of("It's a Secret to Everybody"),
                Map.of("x-hub-signature-256", header), body, Instant.EPOCH, FIVE_MIN)).isTrue();
        assertThat(Signatures.verify(Signatures.GITHUB, List.of("It's a Secret to Everybody"),
                Map.of("x-hub-signature-256", header.replace('7', '8')), body, Instant.EPOCH, FIVE_MIN)).isFalse();
        assertThat(Signatures.verify(Signatures.GITHUB, List.of("It's a Secret to Everybody"),
                Map.of("x-hub-signature-256", "sha1=757107ea"), body, Instant.EPOCH, FIVE_MIN)).isFalse();
    }

    @Test
    void a_stripe_signature_follows_the_documented_t_dot_payload_scheme_with_tolerance() {
        // Stripe publishes the algorithm (HMAC-SHA256 over "t.payload", hex, v1=) but no fixed vector;
        // this one is computed by an independent HMAC over the documented signed payload.
        String secret = "whsec_test_secret";
        byte[] body = "{\"id\":\"evt_test\",\"object\":\"event\"}".getBytes(StandardCharsets.UTF_8);
        long t = 1_700_000_000L;
        String v1 = HexFormat.of().formatHex(Signatures.hmac(secret.getBytes(StandardCharsets.UTF_8),
                (t + "." + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
        Instant at = Instant.ofEpochSecond(t);
        Map<String, String> headers = Map.of("stripe-signature", "t=" + t + ",v1=" + v1 + ",v0=ignored");
        assertThat(Signatures.verify(Signatures.STRIPE, List.of(secret), headers, body, at, FIVE_MIN)).isTrue();
        assertThat(Signatures.verify(Signatures.STRIPE, List.of(secret), headers, body, at.plusSeconds(301), FIVE_MIN))
                .isFalse();
        assertThat(Signatures.verify(Signatures.STRIPE, List.of(secret),
                Map.of("stripe-signature", "t=" + t + ",v0=" + v1), body, at, FIVE_MIN)).isFalse();
        assertThat(Signatures.verify(Signatures.STRIPE, List.of(secret), Map.of("stripe-signature", "garbage"), body,
                at, FIVE_MIN)).isFalse();
    }
}
