package io.flowgate.cli;

import io.flowgate.config.Config;

/** Starts the server with a validated configuration and returns when it has shut down. */
@FunctionalInterface
public interface ServerRunner {
    void run(Config config) throws Exception;
}
