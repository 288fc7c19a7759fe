package io.flowgate.broker;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.engine.Publisher;
import java.time.Duration;

/** One kind of broker's client: test a connection, consume a source, publish with confirmation. */
public interface BrokerDriver extends AutoCloseable {

    BrokerKind kind();

    /** Connects and disconnects; throws with the reason when that fails. */
    void test(Connection connection, Duration timeout) throws Exception;

    /** Subscribes {@code source} (durable consumer, queue, topic) on a connection of its own. */
    BrokerSession open(Connection connection, SourceSpec source, String nodeId) throws Exception;

    /** Sends and waits for the broker's confirmation; the answer is the publish step's outputs. */
    JsonNode publish(Connection connection, Publisher.Message message) throws Exception;

    /** The connection changed or went away: close what was kept open for it. */
    void forget(String connectionName);

    @Override
    void close();
}
