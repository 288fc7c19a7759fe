package io.flowgate.broker.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Consumer;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import io.flowgate.broker.BrokerSession;
import io.flowgate.broker.Incoming;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One consuming channel. Deliveries arrive on the client's thread and wait in a queue (at most the prefetch)
 * until the source loop fetches them; a batch is acknowledged with one {@code basic.ack multiple} up to its last
 * delivery tag, which covers exactly that batch because the loop acknowledges batches in order.
 *
 * <p>The message id is the {@code message-id} property; a message without one gets {@code <session>-<delivery
 * tag>}, unique per channel session, so distinct messages are never merged — but a message redelivered after a
 * crash gets a new id and may start a second run (docs/events.md). CloudEvents binary attributes are the
 * {@code cloudEvents:}/{@code cloudEvents_} application properties (the CloudEvents AMQP binding).
 */
final class AmqpSession implements BrokerSession {
    private record Delivery(Envelope envelope, AMQP.BasicProperties properties, byte[] body) {}

    private final com.rabbitmq.client.Connection connection;
    private final Channel channel;
    private final String queue;
    private final String session = UUID.randomUUID().toString().substring(0, 8);
    private final LinkedBlockingQueue<Delivery> arrived = new LinkedBlockingQueue<>();
    private volatile ShutdownSignalException shutdown;

    AmqpSession(com.rabbitmq.client.Connection connection, Channel channel, String queue) {
        this.connection = connection;
        this.channel = channel;
        this.queue = queue;
    }

    Consumer consumer() {
        return new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                arrived.add(new Delivery(envelope, properties, body));
            }

            @Override
            public void handleShutdownSignal(String consumerTag, ShutdownSignalException sig) {
                shutdown = sig;
            }

            @Override
            public void handleCancel(String consumerTag) {
                shutdown = new ShutdownSignalException(false, false, null, "the broker cancelled the consumer "
                        + "(queue deleted?)");
            }
        };
    }

    @Override
    public List<Incoming> fetch(int max, Duration wait) throws Exception {
        Delivery first = arrived.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (first == null) {
            if (shutdown != null || !channel.isOpen()) {
                throw shutdown != null ? shutdown : new IllegalStateException("the AMQP channel closed");
            }
            return List.of();
        }
        List<Delivery> batch = new ArrayList<>();
        batch.add(first);
        arrived.drainTo(batch, max - 1);
        List<Incoming> out = new ArrayList<>(batch.size());
        for (Delivery d : batch) {
            out.add(incoming(d));
        }
        return out;
    }

    private Incoming incoming(Delivery d) {
        Map<String, String> ce = new HashMap<>();
        Map<String, Object> headers = d.properties().getHeaders();
        if (headers != null) {
            headers.forEach((k, v) -> {
                String key = k.toLowerCase(Locale.ROOT);
                if (v != null && (key.startsWith("cloudevents:") || key.startsWith("cloudevents_"))) {
                    ce.put("ce-" + key.substring("cloudevents:".length()), v.toString());
                }
            });
        }
        String id = d.properties().getMessageId();
        if (id == null || id.isBlank()) {
            id = session + "-" + d.envelope().getDeliveryTag();
        }
        return new Incoming(d.envelope().getRoutingKey(), id, d.properties().getContentType(), ce, d.body(),
                d.envelope().getDeliveryTag());
    }

    @Override
    public void ack(List<Incoming> batch) throws Exception {
        channel.basicAck((Long) batch.getLast().handle(), true);
    }

    @Override
    public void nak(List<Incoming> batch) throws Exception {
        channel.basicNack((Long) batch.getLast().handle(), true, true);
    }

    @Override
    public long pending() throws Exception {
        return channel.messageCount(queue);
    }

    @Override
    public void close() {
        AmqpDriver.closeQuietly(connection);
    }
}
