package io.flowgate.broker.nats;

import io.nats.client.ErrorListener;

/**
 * jnats reports through this instead of its default, which prints each reconnect failure: the source's state
 * and {@code lastError} already say it, once per attempt of our own loop.
 */
final class QuietErrors implements ErrorListener {
    @Override
    public void errorOccurred(io.nats.client.Connection conn, String error) {}

    @Override
    public void exceptionOccurred(io.nats.client.Connection conn, Exception exp) {}
}
