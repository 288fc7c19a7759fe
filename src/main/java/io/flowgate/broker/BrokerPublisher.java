package io.flowgate.broker;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.engine.Publisher;

/** The {@code publish} step's way out: finds the named connection and hands the message to its kind's driver. */
public final class BrokerPublisher implements Publisher {
    private final Connections connections;

    public BrokerPublisher(Connections connections) {
        this.connections = connections;
    }

    @Override
    public JsonNode publish(Message message) {
        Connection c = connections.open(message.connection()).orElseThrow(() -> new Failure(
                "connection '" + message.connection() + "' does not exist", false));
        if (!c.kind().wire().equals(message.kind())) {
            throw new Failure("connection '" + c.name() + "' is " + c.kind().wire() + ", the step names "
                    + message.kind(), false);
        }
        try {
            return connections.driver(c.kind()).publish(c, message);
        } catch (Failure f) {
            throw f;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new Failure(c.redact(Reasons.of(e)), true);
        }
    }
}
