/**
 * Message brokers: named connections (credentials encrypted like secrets), event sources that turn broker
 * messages into CloudEvents for the one event intake and acknowledge them only after its commit, and the
 * publisher behind the {@code publish} step. The kinds' clients live in {@code broker.nats}, {@code broker.amqp}
 * and {@code broker.mqtt}, which implement {@link io.flowgate.broker.BrokerDriver}; {@code App} hands them in.
 * May use core, expr, workflow, engine, store, secrets and trigger.event; no HTTP or JDBC types.
 */
package io.flowgate.broker;
