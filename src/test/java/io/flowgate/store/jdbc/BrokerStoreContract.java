package io.flowgate.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.core.Json;
import io.flowgate.store.BrokerStore.StoredConnection;
import io.flowgate.store.BrokerStore.StoredSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link io.flowgate.store.BrokerStore}: connections and event sources by name, and what holds a connection. */
abstract class BrokerStoreContract extends DatabaseContract {
    JdbcBrokerStore store;

    @BeforeEach
    void createStore() {
        store = new JdbcBrokerStore(db);
    }

    @Test
    void connections_are_put_replaced_listed_and_deleted_unless_a_source_holds_them() {
        assertThat(store.putConnection(new StoredConnection("rabbit", "amqp", "amqp://h:5672/%2F", "svc", "c1p3r",
                T0, T0))).isTrue();
        assertThat(store.putConnection(new StoredConnection("nats", "nats", "nats://h:4222", null, null, T0, T0)))
                .isTrue();
        assertThat(store.putConnection(new StoredConnection("rabbit", "amqp", "amqp://other:5672/%2F", null, null,
                T0, T0.plusSeconds(5)))).isFalse();
        StoredConnection rabbit = store.connection("rabbit").orElseThrow();
        assertThat(rabbit.url()).isEqualTo("amqp://other:5672/%2F");
        assertThat(rabbit.username()).isNull();
        assertThat(rabbit.password()).isNull();
        assertThat(rabbit.createdAt()).isEqualTo(T0);
        assertThat(rabbit.updatedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(store.connections()).extracting(StoredConnection::name).containsExactly("nats", "rabbit");

        var spec = Json.read("{\"connection\":\"nats\",\"nats\":{\"stream\":\"S\",\"subject\":\"a.>\"},"
                + "\"event\":{\"type\":\"t\"}}");
        assertThat(store.putSource(new StoredSource("orders", "nats", spec, T0, T0))).isTrue();
        assertThat(store.deleteConnection("nats")).isEqualTo(Optional.of(List.of("orders")));
        assertThat(store.connection("nats")).isPresent();
        assertThat(store.deleteConnection("rabbit")).isEqualTo(Optional.of(List.of()));
        assertThat(store.deleteConnection("rabbit")).isEmpty();
    }

    @Test
    void sources_are_put_replaced_listed_and_deleted() {
        store.putConnection(new StoredConnection("nats", "nats", "nats://h:4222", null, null, T0, T0));
        var first = Json.read("{\"connection\":\"nats\",\"nats\":{\"stream\":\"S\",\"subject\":\"a.>\"}}");
        var second = Json.read("{\"connection\":\"nats\",\"nats\":{\"stream\":\"S\",\"subject\":\"b.>\"},"
                + "\"event\":{\"type\":\"t\",\"source\":\"/s\"}}");
        assertThat(store.putSource(new StoredSource("b", "nats", first, T0, T0))).isTrue();
        assertThat(store.putSource(new StoredSource("a", "nats", first, T0, T0))).isTrue();
        assertThat(store.putSource(new StoredSource("b", "nats", second, T0, T0.plusMillis(7)))).isFalse();
        StoredSource b = store.source("b").orElseThrow();
        assertThat(b.spec()).isEqualTo(second);
        assertThat(b.createdAt()).isEqualTo(T0);
        assertThat(b.updatedAt()).isEqualTo(T0.plusMillis(7));
        assertThat(store.sources()).extracting(StoredSource::name).containsExactly("a", "b");
        assertThat(store.deleteSource("b")).isTrue();
        assertThat(store.deleteSource("b")).isFalse();
        assertThat(store.source("b")).isEmpty();
    }
}
