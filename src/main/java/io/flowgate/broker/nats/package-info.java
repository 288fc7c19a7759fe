/**
 * The NATS driver of {@link io.flowgate.broker.BrokerDriver}: connection test, consuming a source with acks after
 * the intake's commit, and publishing with the broker's confirmation. May use core, engine and broker.
 */
package io.flowgate.broker.nats;
