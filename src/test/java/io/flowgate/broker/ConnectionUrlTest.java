package io.flowgate.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowgate.core.BadRequestException;
import org.junit.jupiter.api.Test;

/** Connection URLs: checked against the kind, credentials moved out so the stored URL never holds them. */
class ConnectionUrlTest {
    @Test
    void credentials_leave_the_url_and_an_escaped_vhost_stays_escaped() {
        ConnectionUrl u = ConnectionUrl.parse(BrokerKind.AMQP, "amqp://svc:p%40ss@rabbit:5672/%2F?heartbeat=5");
        assertThat(u.url()).isEqualTo("amqp://rabbit:5672/%2F?heartbeat=5");
        assertThat(u.username()).isEqualTo("svc");
        assertThat(u.password()).isEqualTo("p@ss");
    }

    @Test
    void a_nats_user_part_alone_is_a_token() {
        ConnectionUrl u = ConnectionUrl.parse(BrokerKind.NATS, "nats://s3cr3t@127.0.0.1:4222");
        assertThat(u.url()).isEqualTo("nats://127.0.0.1:4222");
        assertThat(u.username()).isNull();
        assertThat(u.password()).isEqualTo("s3cr3t");
    }

    @Test
    void a_wrong_scheme_or_no_host_is_refused_with_an_example() {
        assertThatThrownBy(() -> ConnectionUrl.parse(BrokerKind.MQTT, "http://h:1883"))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("mqtt://127.0.0.1:1883");
        assertThatThrownBy(() -> ConnectionUrl.parse(BrokerKind.NATS, "nats://")).isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> ConnectionUrl.parse(BrokerKind.NATS, " ")).isInstanceOf(BadRequestException.class);
    }

    @Test
    void a_connection_never_prints_its_password() {
        Connection c = new Connection("c", BrokerKind.AMQP, "amqp://h", "u", "hunter2", java.time.Instant.EPOCH);
        assertThat(c.toString()).doesNotContain("hunter2");
        assertThat(c.redact("auth failed for hunter2")).isEqualTo("auth failed for ***");
    }
}
