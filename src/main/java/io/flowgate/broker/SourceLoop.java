package io.flowgate.broker;

import io.flowgate.trigger.event.EventDocument;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One source on this node: subscribe, fetch a batch, commit it through the intake, and only then acknowledge
 * it. When the commit fails (the node cannot write) the batch is handed back to the broker and the loop pauses
 * before it fetches again; when the broker fails the loop reconnects with a growing back-off. Never dies:
 * every failure becomes the source's state and {@code lastError}.
 */
final class SourceLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SourceLoop.class);
    static final int BATCH = 500;
    static final Duration FETCH_WAIT = Duration.ofMillis(500);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(15);
    static final Duration PENDING_EVERY = Duration.ofSeconds(2);

    private final SourceSpec spec;
    private final Supplier<Connection> connection;
    private final BrokerDriver driver;
    private final Function<List<EventDocument>, Integer> intake;
    private final SourceStatus status;
    private final BrokerListener listener;
    private final Clock clock;
    private final String nodeId;
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile BrokerSession session;

    SourceLoop(SourceSpec spec, Supplier<Connection> connection, BrokerDriver driver,
               Function<List<EventDocument>, Integer> intake, SourceStatus status, BrokerListener listener,
               Clock clock, String nodeId) {
        this.spec = spec;
        this.connection = connection;
        this.driver = driver;
        this.intake = intake;
        this.status = status;
        this.listener = listener;
        this.clock = clock;
        this.nodeId = nodeId;
    }

    SourceStatus status() {
        return status;
    }

    SourceSpec spec() {
        return spec;
    }

    void stop() {
        stop.countDown();
    }

    private boolean stopped() {
        return stop.getCount() == 0;
    }

    @Override
    public void run() {
        Duration backoff = FIRST_BACKOFF;
        while (!stopped()) {
            Connection c = null;
            status.state(SourceState.CONNECTING);
            try {
                c = connection.get();
                try (BrokerSession s = driver.open(c, spec, nodeId)) {
                    session = s;
                    status.connected();
                    backoff = FIRST_BACKOFF;
                    consume(s);
                }
            } catch (Exception | Error e) {
                if (stopped()) {
                    break;
                }
                String reason = c == null ? Reasons.of(e) : c.redact(Reasons.of(e));
                status.failed(reason);
                listener.failed(spec.name());
                LOG.warn("Event source {}: {}; trying again in {} ms", spec.name(), reason, backoff.toMillis());
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } finally {
                session = null;
            }
        }
        status.state(SourceState.STOPPED);
    }

    private void consume(BrokerSession s) throws Exception {
        Instant pendingAt = Instant.MIN;
        Duration writeBackoff = FIRST_BACKOFF;
        while (!stopped()) {
            Instant now = clock.instant();
            if (!now.isBefore(pendingAt)) {
                status.pending(s.pending());
                pendingAt = now.plus(PENDING_EVERY);
            }
            List<Incoming> batch = s.fetch(BATCH, FETCH_WAIT);
            if (batch.isEmpty()) {
                continue;
            }
            status.received(batch.size(), clock.instant());
            listener.received(spec.name(), batch.size());
            List<EventDocument> events = new ArrayList<>(batch.size());
            for (Incoming m : batch) {
                events.add(MessageEvents.toEvent(spec, m));
            }
            try {
                intake.apply(events);
            } catch (RuntimeException cannotWrite) {
                // Not committed: the broker keeps the messages; stop taking more for a while.
                s.nak(batch);
                status.failed("cannot store events, messages left with the broker: " + Reasons.of(cannotWrite));
                listener.failed(spec.name());
                LOG.warn("Event source {}: cannot store events ({}); paused {} ms", spec.name(),
                        Reasons.of(cannotWrite), writeBackoff.toMillis());
                pause(writeBackoff);
                writeBackoff = writeBackoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF
                        : writeBackoff.multipliedBy(2);
                continue;
            }
            writeBackoff = FIRST_BACKOFF;
            s.ack(batch);
            status.connected();
            status.acked(batch.size());
            listener.acked(spec.name(), batch.size());
        }
    }

    private void pause(Duration d) {
        try {
            stop.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.countDown();
        }
    }
}
