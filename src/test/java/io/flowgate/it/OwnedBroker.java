package io.flowgate.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A broker a test owns: on a free loopback port, with its data in a directory of its own, stopped and started
 * again on the same port and data (a broker restart). The same kinds serve as the fallback when the machine runs
 * no broker on a standard port ({@link BrokerServers}). Closing it stops it and removes its data.
 */
interface OwnedBroker extends AutoCloseable {
    Duration START_LIMIT = Duration.ofSeconds(120);

    int port();

    /** Starts it and returns once it answers on its port. */
    void start();

    /** Stops it; what it kept on disk stays for the next {@link #start()}. */
    void stop();

    @Override
    void close();

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Polls the port: a broker that is starting takes anywhere from a moment to many seconds on a busy machine. */
    static void awaitAnswer(String what, int port, Process process, Path log) {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (answers(port)) {
                return;
            }
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(what + " exited with " + process.exitValue() + " before it answered on "
                        + port + "; its log: " + tail(log));
            }
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(what + " did not answer on " + port + " within " + START_LIMIT + "; its log: "
                + tail(log));
    }

    static void awaitSilence(int port) {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (answers(port) && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static String tail(Path log) {
        if (log == null) {
            return "(none)";
        }
        try {
            String s = java.nio.file.Files.readString(log);
            return s.length() > 4_000 ? s.substring(s.length() - 4_000) : s;
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** Ends a child process: politely first, then for sure. */
    static void end(Process p) {
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }
}
