package io.flowgate.broker.nats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.broker.BrokerDriver;
import io.flowgate.broker.BrokerKind;
import io.flowgate.broker.BrokerSession;
import io.flowgate.broker.Connection;
import io.flowgate.broker.SourceSpec;
import io.flowgate.core.Json;
import io.flowgate.engine.Publisher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * NATS JetStream (jnats). A source is a durable <b>pull</b> consumer on its stream with an explicit-ack policy,
 * shared by every node that runs the source (so a cluster splits the messages); in-flight messages are bounded
 * by {@link #MAX_ACK_PENDING} and the fetch batch. jnats reconnects by itself; the source loop reopens the
 * session when that fails. Publishing goes through JetStream with {@code Nats-Msg-Id} = the step's message key
 * and returns when the stream acknowledged.
 */
public final class NatsDriver implements BrokerDriver {
    static final long MAX_ACK_PENDING = 4_000;
    /** Messages a source pulls ahead of the batch it is committing (two of its batches). */
    static final int READ_AHEAD = 1_000;
    static final Duration ACK_WAIT = Duration.ofSeconds(30);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private record Kept(io.nats.client.Connection nc, Instant version) {}

    private final Map<String, Kept> publishing = new ConcurrentHashMap<>();

    @Override
    public BrokerKind kind() {
        return BrokerKind.NATS;
    }

    static Options options(Connection c, int maxReconnects, Duration timeout) {
        Options.Builder b = new Options.Builder().server(c.url()).connectionName("flowgate")
                .connectionTimeout(timeout).maxReconnects(maxReconnects).reconnectWait(Duration.ofSeconds(1))
                .errorListener(new QuietErrors());
        if (c.username() != null) {
            b.userInfo(c.username(), c.password() == null ? "" : c.password());
        } else if (c.password() != null) {
            b.token(c.password().toCharArray());
        }
        return b.build();
    }

    @Override
    public void test(Connection connection, Duration timeout) throws Exception {
        try (io.nats.client.Connection nc = Nats.connect(options(connection, 0, timeout))) {
            try {
                nc.jetStreamManagement().getAccountStatistics();
            } catch (Exception e) {
                throw new IllegalStateException("connected, but JetStream does not answer (is it enabled?)", e);
            }
        }
    }

    @Override
    public BrokerSession open(Connection connection, SourceSpec source, String nodeId) throws Exception {
        io.nats.client.Connection nc = Nats.connect(options(connection, -1, CONNECT_TIMEOUT));
        try {
            String stream = source.text("stream");
            String durable = source.text("durable");
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addOrUpdateConsumer(stream, ConsumerConfiguration.builder().durable(durable)
                    .filterSubject(source.text("subject")).ackPolicy(AckPolicy.Explicit)
                    .deliverPolicy(DeliverPolicy.All).maxAckPending(MAX_ACK_PENDING).ackWait(ACK_WAIT).build());
            JetStreamSubscription sub = nc.jetStream().subscribe(source.text("subject"),
                    PullSubscribeOptions.bind(stream, durable));
            return new NatsSession(nc, sub, sub.reader(READ_AHEAD, READ_AHEAD / 2));
        } catch (Exception | Error e) {
            nc.close();
            throw e;
        }
    }

    @Override
    public JsonNode publish(Connection connection, Publisher.Message m) throws Exception {
        io.nats.client.Connection nc = publishingConnection(connection);
        if (nc.getStatus() != io.nats.client.Connection.Status.CONNECTED) {
            // jnats would hold the message while it reconnects and send it later, after this attempt timed out
            // and its retry sent it again: fail now, while nothing left.
            throw new Publisher.Failure("not connected to the NATS server (" + nc.getStatus().name()
                    .toLowerCase(java.util.Locale.ROOT) + ")", true);
        }
        JetStream js = nc.jetStream(JetStreamOptions.builder().requestTimeout(m.timeout()).build());
        Headers headers = new Headers();
        m.headers().forEach(headers::put);
        if (m.contentType() != null) {
            headers.put("content-type", m.contentType());
        }
        String subject = m.target().path("subject").asText();
        if (subject.isBlank()) {
            throw new Publisher.Failure("nats.subject rendered empty", false);
        }
        PublishAck ack = js.publish(subject, headers, m.body(),
                PublishOptions.builder().messageId(m.messageId()).build());
        ObjectNode out = Json.object();
        out.put("connection", connection.name());
        out.put("subject", subject);
        out.put("stream", ack.getStream());
        out.put("seq", ack.getSeqno());
        out.put("duplicate", ack.isDuplicate());
        out.put("messageId", m.messageId());
        return out;
    }

    private io.nats.client.Connection publishingConnection(Connection c) throws Exception {
        Kept kept = publishing.get(c.name());
        if (kept != null && kept.version().equals(c.updatedAt())
                && kept.nc().getStatus() != io.nats.client.Connection.Status.CLOSED) {
            return kept.nc();
        }
        synchronized (publishing) {
            kept = publishing.get(c.name());
            if (kept != null && kept.version().equals(c.updatedAt())
                    && kept.nc().getStatus() != io.nats.client.Connection.Status.CLOSED) {
                return kept.nc();
            }
            if (kept != null) {
                closeQuietly(kept.nc());
            }
            io.nats.client.Connection nc = Nats.connect(options(c, -1, CONNECT_TIMEOUT));
            publishing.put(c.name(), new Kept(nc, c.updatedAt()));
            return nc;
        }
    }

    @Override
    public void forget(String connectionName) {
        Kept kept = publishing.remove(connectionName);
        if (kept != null) {
            closeQuietly(kept.nc());
        }
    }

    @Override
    public void close() {
        publishing.keySet().forEach(this::forget);
    }

    static void closeQuietly(io.nats.client.Connection nc) {
        try {
            nc.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException ignored) {
            // closing anyway
        }
    }
}
