package io.flowgate.broker;

import java.util.Map;

/**
 * One message a driver fetched, in the shape {@link MessageEvents} turns into an event.
 *
 * @param subject     the NATS subject, AMQP routing key or MQTT topic it came on
 * @param messageId   the broker's id for it (JetStream sequence, AMQP message-id or fallback, MQTT hash)
 * @param contentType its content type, or null
 * @param cloudEvents CloudEvents binary-mode attributes found in its headers, as {@code ce-<name>} (lower case)
 * @param handle      what the driver needs to acknowledge it
 */
public record Incoming(String subject, String messageId, String contentType, Map<String, String> cloudEvents,
                       byte[] body, Object handle) {}
