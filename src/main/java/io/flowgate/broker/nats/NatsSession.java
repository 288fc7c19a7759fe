package io.flowgate.broker.nats;

import io.flowgate.broker.BrokerSession;
import io.flowgate.broker.Incoming;
import io.nats.client.JetStreamReader;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One bound pull subscription, read through a {@link JetStreamReader} that pulls ahead: the next messages are
 * already on their way while the previous batch is committed, rather than one pull round trip per batch (what
 * held the NATS rate below AMQP's, whose broker pushes up to the prefetch). Messages read ahead are bounded by
 * {@link NatsDriver#READ_AHEAD} and by the consumer's max ack pending. The message id is the stream sequence;
 * CloudEvents binary attributes are the {@code ce-*} headers (the CloudEvents NATS binding).
 */
final class NatsSession implements BrokerSession {
    private static final Duration NAK_DELAY = Duration.ofSeconds(1);

    /** How long to wait for the next message once a batch has begun: what is read ahead comes at once. */
    private static final Duration MORE_WAIT = Duration.ofMillis(5);
    /**
     * How long a batch may take to fill once begun: a backlog fills one in far less, and a trickle (a message
     * every few ms) does not hold the first message back for a whole batch.
     */
    private static final long FILL_NANOS = Duration.ofMillis(20).toNanos();

    private final io.nats.client.Connection nc;
    private final JetStreamSubscription sub;
    private final JetStreamReader reader;

    NatsSession(io.nats.client.Connection nc, JetStreamSubscription sub, JetStreamReader reader) {
        this.nc = nc;
        this.sub = sub;
        this.reader = reader;
    }

    @Override
    public List<Incoming> fetch(int max, Duration wait) {
        // jnats would reconnect by itself; the loop does it instead, so that the state and lastError say so.
        io.nats.client.Connection.Status status = nc.getStatus();
        if (status != io.nats.client.Connection.Status.CONNECTED) {
            throw new IllegalStateException("the NATS connection is " + status.name().toLowerCase(Locale.ROOT));
        }
        List<Message> messages = new ArrayList<>();
        try {
            Message first = reader.nextMessage(wait);
            if (first != null) {
                messages.add(first);
                long until = System.nanoTime() + FILL_NANOS;
                // Never a zero wait: to jnats that means wait for ever.
                for (Message m; messages.size() < max && System.nanoTime() < until
                        && (m = reader.nextMessage(MORE_WAIT)) != null; ) {
                    messages.add(m);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Incoming> out = new ArrayList<>(messages.size());
        for (Message m : messages) {
            if (!m.isJetStream()) {
                continue;
            }
            Map<String, String> ce = new HashMap<>();
            String contentType = null;
            Headers headers = m.getHeaders();
            if (headers != null) {
                for (String key : headers.keySet()) {
                    String lower = key.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("ce-")) {
                        ce.put(lower, headers.getFirst(key));
                    } else if (lower.equals("content-type")) {
                        contentType = headers.getFirst(key);
                    }
                }
            }
            out.add(new Incoming(m.getSubject(), Long.toString(m.metaData().streamSequence()), contentType, ce,
                    m.getData(), m));
        }
        return out;
    }

    @Override
    public void ack(List<Incoming> batch) {
        for (Incoming m : batch) {
            ((Message) m.handle()).ack();
        }
    }

    @Override
    public void nak(List<Incoming> batch) {
        for (Incoming m : batch) {
            ((Message) m.handle()).nakWithDelay(NAK_DELAY);
        }
    }

    @Override
    public long pending() throws Exception {
        return sub.getConsumerInfo().getNumPending();
    }

    @Override
    public void close() {
        try {
            reader.stop();
        } catch (RuntimeException ignored) {
            // closing anyway
        }
        NatsDriver.closeQuietly(nc);
    }
}
