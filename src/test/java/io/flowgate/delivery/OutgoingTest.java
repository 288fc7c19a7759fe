package io.flowgate.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowgate.core.Json;
import io.flowgate.core.SettableClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutgoingTest {
    static final String PAYLOAD = "{\"event\":\"step.completed\"}";
    static final SettableClock CLOCK = new SettableClock(Instant.parse("2026-11-26T10:00:00Z"));
    static final Map<String, String> SECRETS = Map.of("PW", "s3cret-pw", "TOKEN", "tok-123", "CS", "client-xyz");

    @Test
    void no_auth_sends_the_payload_as_it_is() {
        Outgoing out = Outgoing.prepare("https://h.example/x", "{}", PAYLOAD, SECRETS, CLOCK);
        assertThat(out.body()).isEqualTo(PAYLOAD);
        assertThat(out.headers()).isEmpty();
        assertThat(Outgoing.prepare("https://h.example/x", "{\"auth\":\"none\"}", PAYLOAD, SECRETS, CLOCK).headers()).isEmpty();
    }

    @Test
    void client_secret_goes_into_the_body_rendered_from_a_secret() {
        Outgoing out = Outgoing.prepare("https://h.example/x",
                "{\"auth\":{\"type\":\"client-secret\",\"secret\":\"{{ secrets.CS }}\"}}", PAYLOAD, SECRETS, CLOCK);
        assertThat(Json.read(out.body()).get("clientSecret").asText()).isEqualTo("client-xyz");
        assertThat(Json.read(out.body()).get("event").asText()).isEqualTo("step.completed");
    }

    @Test
    void basic_sends_user_and_password_in_the_authorization_header() {
        Outgoing out = Outgoing.prepare("https://h.example/x",
                "{\"auth\":{\"type\":\"basic\",\"username\":\"svc\",\"password\":\"{{ secrets.PW }}\"}}", PAYLOAD, SECRETS, CLOCK);
        assertThat(out.headers()).containsEntry("Authorization", "Basic "
                + Base64.getEncoder().encodeToString("svc:s3cret-pw".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void bearer_sends_the_token() {
        Outgoing out = Outgoing.prepare("https://h.example/x",
                "{\"auth\":{\"type\":\"bearer\",\"token\":\"{{ secrets.TOKEN }}\"}}", PAYLOAD, SECRETS, CLOCK);
        assertThat(out.headers()).containsEntry("Authorization", "Bearer tok-123");
    }

    @Test
    void a_rendered_value_over_the_limit_is_refused() {
        Map<String, String> big = Map.of("PW", "p".repeat(101));
        assertThatThrownBy(() -> Outgoing.prepare("https://h.example/x",
                "{\"auth\":{\"type\":\"basic\",\"username\":\"u\",\"password\":\"{{ secrets.PW }}\"}}", PAYLOAD, big, CLOCK))
                .isInstanceOf(Outgoing.Refused.class).hasMessageContaining("101");
    }

    @Test
    void the_url_may_name_a_secret() {
        assertThat(Outgoing.prepare("https://h.example/{{ secrets.TOKEN }}", "{}", PAYLOAD, SECRETS, CLOCK).uri())
                .hasToString("https://h.example/tok-123");
    }
}
