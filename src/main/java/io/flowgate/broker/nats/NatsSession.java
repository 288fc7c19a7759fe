package io.flowgate.broker.nats;

import io.flowgate.broker.BrokerSession;
import io.flowgate.broker.Incoming;
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
 * One bound pull subscription. The message id is the stream sequence; CloudEvents binary attributes are the
 * {@code ce-*} headers (the CloudEvents NATS binding).
 */
final class NatsSession implements BrokerSession {
    private static final Duration NAK_DELAY = Duration.ofSeconds(1);

    private final io.nats.client.Connection nc;
    private final JetStreamSubscription sub;

    NatsSession(io.nats.client.Connection nc, JetStreamSubscription sub) {
        this.nc = nc;
        this.sub = sub;
    }

    @Override
    public List<Incoming> fetch(int max, Duration wait) {
        // jnats would reconnect by itself; the loop does it instead, so that the state and lastError say so.
        io.nats.client.Connection.Status status = nc.getStatus();
        if (status != io.nats.client.Connection.Status.CONNECTED) {
            throw new IllegalStateException("the NATS connection is " + status.name().toLowerCase(Locale.ROOT));
        }
        List<Message> messages = sub.fetch(max, wait);
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
        NatsDriver.closeQuietly(nc);
    }
}
