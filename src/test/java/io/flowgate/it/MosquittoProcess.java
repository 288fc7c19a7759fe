package io.flowgate.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code mosquitto} (Debian's package, as on the machine) as a child process on a port of its own, anonymous,
 * with persistence to a directory of its own. The broker-restart test owns one: unlike Moquette 0.17, Mosquitto
 * keeps a persistent session's in-flight QoS 1 messages (with their packet ids) across a restart, which is what
 * "the broker restarted: no message lost" needs of an MQTT broker.
 */
final class MosquittoProcess implements OwnedBroker {
    private final Path dir;
    private final int port;
    private Process process;

    MosquittoProcess() {
        try {
            this.dir = Files.createTempDirectory("flowgate-mosquitto");
            // Started as root, mosquitto drops to its own user: a directory only root may write keeps no
            // persistence at all ("unable to open mosquitto.db.new"), and a restart then forgets every session.
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
            this.port = OwnedBroker.freePort();
            Files.writeString(dir.resolve("mosquitto.conf"), """
                    listener %d 127.0.0.1
                    allow_anonymous true
                    persistence true
                    persistence_location %s/
                    autosave_interval 1
                    max_queued_messages 10000
                    max_inflight_messages 1000
                    log_dest file %s
                    """.formatted(port, dir, dir.resolve("mosquitto.log")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    static String program() {
        return OwnedBroker.program("mosquitto", "/usr/sbin", "/usr/bin", "/usr/local/sbin");
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public synchronized void start() {
        String program = program();
        if (program == null) {
            throw new IllegalStateException("the broker-restart test needs the mosquitto program; install Debian's "
                    + "mosquitto package (.ci/run does)");
        }
        try {
            process = new ProcessBuilder(program, "-c", dir.resolve("mosquitto.conf").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.out").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        OwnedBroker.awaitAnswer("mosquitto", port, process, dir.resolve("mosquitto.log"));
    }

    @Override
    public synchronized void stop() {
        OwnedBroker.end(process);
        process = null;
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
