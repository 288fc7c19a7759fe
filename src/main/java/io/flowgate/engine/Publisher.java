package io.flowgate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;

/**
 * What the {@code publish} step needs from the broker side, lent through {@code StepServices.publisher()}.
 * Implemented outside the engine (the broker package), so the engine knows no broker client.
 */
public interface Publisher {

    /**
     * One message to send.
     *
     * @param connection the named connection
     * @param target     the kind's block of the step, rendered: {@code {subject}}, {@code {exchange, routingKey}}
     *                   or {@code {topic, qos}}
     * @param kind       {@code nats}, {@code amqp} or {@code mqtt}: which block the step used
     * @param messageId  the step's message key (the same for all its attempts), sent as the broker's dedupe id
     *                   where it has one
     */
    record Message(String connection, String kind, JsonNode target, byte[] body, String contentType,
                   Map<String, String> headers, String messageId, Duration timeout) {}

    /** A publish the broker did not confirm; {@code retryable} is false when trying again cannot help. */
    final class Failure extends RuntimeException {
        private final boolean retryable;

        public Failure(String message, boolean retryable) {
            super(message);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    /** Sends and returns once the broker confirmed it (the step's outputs); throws {@link Failure} otherwise. */
    JsonNode publish(Message message);
}
