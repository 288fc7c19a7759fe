package io.flowgate.broker.amqp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import io.flowgate.broker.BrokerDriver;
import io.flowgate.broker.BrokerKind;
import io.flowgate.broker.BrokerSession;
import io.flowgate.broker.Connection;
import io.flowgate.broker.SourceSpec;
import io.flowgate.core.Json;
import io.flowgate.engine.Publisher;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * AMQP 0-9-1 (RabbitMQ's Java client). A source is a consumer with manual acks on its queue (declared durable
 * when asked), bounded by {@code basic.qos} {@link #PREFETCH}; several nodes on one queue are competing
 * consumers. The client's own recovery is off: the source loop reconnects, so there is one way back. Publishing
 * uses publisher confirms on channels kept per connection, with {@code mandatory} set so that a message no queue
 * takes is a failure, not a silent drop; {@code message-id} is the step's message key.
 */
public final class AmqpDriver implements BrokerDriver {
    static final int PREFETCH = 1_000;
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    /** A connection kept for publishing, with idle confirm channels. */
    private record Kept(com.rabbitmq.client.Connection connection, Instant version,
                        LinkedBlockingQueue<Confirming> idle) {}

    /** A confirm-mode channel and the last message the broker returned on it (unroutable). */
    private record Confirming(Channel channel, AtomicReference<String> returned) {}

    private final Map<String, Kept> publishing = new ConcurrentHashMap<>();

    @Override
    public BrokerKind kind() {
        return BrokerKind.AMQP;
    }

    static ConnectionFactory factory(Connection c, Duration timeout) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(c.url());
        if (c.username() != null) {
            f.setUsername(c.username());
        }
        if (c.password() != null) {
            f.setPassword(c.password());
        }
        f.setAutomaticRecoveryEnabled(false);
        f.setTopologyRecoveryEnabled(false);
        f.setConnectionTimeout((int) Math.min(timeout.toMillis(), Integer.MAX_VALUE));
        f.setHandshakeTimeout((int) Math.min(timeout.toMillis(), Integer.MAX_VALUE));
        f.setRequestedHeartbeat(10);
        return f;
    }

    @Override
    public void test(Connection connection, Duration timeout) throws Exception {
        try (com.rabbitmq.client.Connection conn = factory(connection, timeout).newConnection("flowgate-test")) {
            conn.createChannel().close();
        }
    }

    @Override
    public BrokerSession open(Connection connection, SourceSpec source, String nodeId) throws Exception {
        com.rabbitmq.client.Connection conn = factory(connection, Duration.ofMillis(CONNECT_TIMEOUT_MS))
                .newConnection("flowgate-source-" + source.name() + "-" + nodeId);
        try {
            Channel channel = conn.createChannel();
            String queue = source.text("queue");
            if (source.target().path("declare").asBoolean()) {
                channel.queueDeclare(queue, true, false, false, null);
            } else {
                channel.queueDeclarePassive(queue);
            }
            channel.basicQos(PREFETCH);
            AmqpSession session = new AmqpSession(conn, channel, queue);
            channel.basicConsume(queue, false, "flowgate-" + source.name() + "-" + nodeId, session.consumer());
            return session;
        } catch (Exception | Error e) {
            closeQuietly(conn);
            throw e;
        }
    }

    @Override
    public JsonNode publish(Connection connection, Publisher.Message m) throws Exception {
        Kept kept = publishingConnection(connection);
        Confirming c = kept.idle().poll();
        if (c == null || !c.channel().isOpen()) {
            Channel channel = kept.connection().createChannel();
            channel.confirmSelect();
            AtomicReference<String> returned = new AtomicReference<>();
            channel.addReturnListener(r -> returned.set(r.getReplyText()));
            c = new Confirming(channel, returned);
        }
        String exchange = m.target().path("exchange").asText("");
        String routingKey = m.target().path("routingKey").asText("");
        Map<String, Object> headers = new HashMap<>(m.headers());
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().messageId(m.messageId())
                .contentType(m.contentType()).deliveryMode(2).headers(headers.isEmpty() ? null : headers).build();
        boolean reuse = false;
        try {
            c.returned().set(null);
            c.channel().basicPublish(exchange, routingKey, true, props, m.body());
            boolean confirmed = c.channel().waitForConfirms(m.timeout().toMillis());
            String returned = c.returned().get();
            reuse = true;
            // RabbitMQ confirms a returned message; Qpid Broker-J nacks it: either way the return says why.
            if (returned != null) {
                throw new Publisher.Failure("the broker returned the message (" + returned + "): no queue is bound "
                        + "to exchange '" + exchange + "' with routing key '" + routingKey + "'", true);
            }
            if (!confirmed) {
                throw new Publisher.Failure("the broker refused the message (basic.nack)", true);
            }
        } catch (TimeoutException e) {
            throw new Publisher.Failure("the broker did not confirm within " + m.timeout(), true);
        } finally {
            if (reuse && c.channel().isOpen()) {
                kept.idle().offer(c);
            } else {
                closeQuietly(c.channel());
            }
        }
        ObjectNode out = Json.object();
        out.put("connection", connection.name());
        out.put("exchange", exchange);
        out.put("routingKey", routingKey);
        out.put("messageId", m.messageId());
        return out;
    }

    private Kept publishingConnection(Connection c) throws Exception {
        Kept kept = publishing.get(c.name());
        if (kept != null && kept.version().equals(c.updatedAt()) && kept.connection().isOpen()) {
            return kept;
        }
        synchronized (publishing) {
            kept = publishing.get(c.name());
            if (kept != null && kept.version().equals(c.updatedAt()) && kept.connection().isOpen()) {
                return kept;
            }
            if (kept != null) {
                closeQuietly(kept.connection());
            }
            Kept fresh = new Kept(factory(c, Duration.ofMillis(CONNECT_TIMEOUT_MS)).newConnection("flowgate-publish"),
                    c.updatedAt(), new LinkedBlockingQueue<>());
            publishing.put(c.name(), fresh);
            return fresh;
        }
    }

    @Override
    public void forget(String connectionName) {
        Kept kept = publishing.remove(connectionName);
        if (kept != null) {
            closeQuietly(kept.connection());
        }
    }

    @Override
    public void close() {
        publishing.keySet().forEach(this::forget);
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing anyway; a broken connection may refuse a clean close
        }
    }
}
