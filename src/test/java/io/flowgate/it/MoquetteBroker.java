package io.flowgate.it;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Moquette 0.17, an MQTT 3.1.1 broker in this JVM, anonymous, loopback only, with persistence on (its H2 store
 * in a directory of its own) so persistent sessions and their queued messages outlive a restart. Telemetry off:
 * test traffic stays on loopback.
 */
final class MoquetteBroker implements OwnedBroker {
    private final Path dir;
    private final int port;
    private Server server;

    MoquetteBroker() {
        try {
            this.dir = Files.createTempDirectory("flowgate-moquette");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.port = OwnedBroker.freePort();
        start();
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public synchronized void start() {
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", String.valueOf(port));
        p.setProperty("websocket_port", "disabled");
        p.setProperty("allow_anonymous", "true");
        p.setProperty("persistence_enabled", "true");
        p.setProperty("data_path", dir.toString() + "/");
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("session_queue_size", "4096");
        Server s = new Server();
        try {
            s.startServer(new MemoryConfig(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = s;
        OwnedBroker.awaitAnswer("Moquette", port, null, null);
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.stopServer();
            server = null;
        }
        OwnedBroker.awaitSilence(port);
    }

    @Override
    public void close() {
        stop();
        try {
            BrokerTestFiles.delete(dir);
        } catch (IOException ignored) {
            // a temporary directory; the OS cleans it
        }
    }
}
