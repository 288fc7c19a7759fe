package io.flowgate.broker;

import io.flowgate.core.BadRequestException;
import java.util.Locale;
import java.util.Set;

/** The brokers Flowgate speaks to, with the URL schemes each accepts. */
public enum BrokerKind {
    NATS(Set.of("nats", "tls")),
    AMQP(Set.of("amqp", "amqps")),
    MQTT(Set.of("mqtt", "mqtts", "tcp", "ssl"));

    private final Set<String> schemes;

    BrokerKind(Set<String> schemes) {
        this.schemes = schemes;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Set<String> schemes() {
        return schemes;
    }

    public static BrokerKind parse(String text) {
        if (text != null) {
            for (BrokerKind k : values()) {
                if (k.wire().equals(text)) {
                    return k;
                }
            }
        }
        throw new BadRequestException("invalid_connection", "kind must be one of nats, amqp, mqtt");
    }
}
