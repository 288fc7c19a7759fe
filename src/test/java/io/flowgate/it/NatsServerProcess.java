package io.flowgate.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code nats-server -js} from {@code PATH}, a child process with its JetStream store in a directory of its own.
 * Stopped with SIGTERM (it flushes its store), started again on the same port and store.
 */
final class NatsServerProcess implements OwnedBroker {
    private final Path dir;
    private final int port;
    private Process process;

    NatsServerProcess() {
        try {
            this.dir = Files.createTempDirectory("flowgate-nats-server");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.port = OwnedBroker.freePort();
        start();
    }

    /** The nats-server program on PATH (or where Debian puts it), or null. */
    static String program() {
        return OwnedBroker.program("nats-server", "/usr/sbin", "/usr/bin", "/usr/local/bin");
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public synchronized void start() {
        String program = program();
        if (program == null) {
            throw new IllegalStateException("no NATS answers on 127.0.0.1:4222 and there is no nats-server program on "
                    + "PATH to start one; install Debian's nats-server package (.ci/run does)");
        }
        Path log = dir.resolve("nats-server.log");
        try {
            process = new ProcessBuilder(program, "-js", "-a", "127.0.0.1", "-p", String.valueOf(port),
                    "-sd", dir.resolve("store").toString(), "-l", log.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("nats-server.out").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        OwnedBroker.awaitAnswer("nats-server", port, process, log);
    }

    @Override
    public synchronized void stop() {
        OwnedBroker.end(process);
        process = null;
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
