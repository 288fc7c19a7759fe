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
        awaitUntil(() -> {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(what + " exited with " + process.exitValue() + " before it answered on "
                        + port + "; its log: " + tail(log));
            }
            return answers(port);
        }, () -> what + " did not answer on " + port + " within " + START_LIMIT + "; its log: " + tail(log));
    }

    /** Waits (at most {@link #START_LIMIT}) until nothing answers on {@code port} any more. */
    static void awaitSilence(int port) {
        try {
            awaitUntil(() -> !answers(port), () -> "");
        } catch (IllegalStateException stillAnswering) {
            // as before: the caller goes on, and a start on the same port says what is wrong
        }
    }

    /** {@code condition} within {@link #START_LIMIT}, polled every 100 ms; else fails with {@code failure}'s text. */
    static void awaitUntil(java.util.concurrent.Callable<Boolean> condition, java.util.function.Supplier<String> failure) {
        try {
            org.awaitility.Awaitility.await().atMost(START_LIMIT).pollInterval(Duration.ofMillis(100)).until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new IllegalStateException(failure.get(), e);
        }
    }

    /** The program {@code name} on PATH, else in one of {@code dirs} (Debian puts daemons in sbin); null if none. */
    static String program(String name, String... dirs) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(d.isEmpty() ? "." : d, name);
            if (java.nio.file.Files.isExecutable(p)) {
                return p.toString();
            }
        }
        for (String d : dirs) {
            Path p = Path.of(d, name);
            if (java.nio.file.Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
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
