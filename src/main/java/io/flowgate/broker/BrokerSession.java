package io.flowgate.broker;

import java.time.Duration;
import java.util.List;

/**
 * One live subscription of a source on its broker, opened by a driver. The source's loop fetches a batch,
 * commits it through the event intake, and only then acknowledges it. Used by one thread at a time.
 */
public interface BrokerSession extends AutoCloseable {

    /** Up to {@code max} messages, waiting up to {@code wait} for the first; throws when the session is broken. */
    List<Incoming> fetch(int max, Duration wait) throws Exception;

    /** The batch is committed: tell the broker. */
    void ack(List<Incoming> batch) throws Exception;

    /** The batch could not be committed: let the broker deliver it again (later, or to another node). */
    void nak(List<Incoming> batch) throws Exception;

    /** Messages the broker still holds for this source, or -1 when the broker does not say. */
    long pending() throws Exception;

    @Override
    void close();
}
