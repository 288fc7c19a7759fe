package io.flowgate.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A Flowgate server in a child JVM, so tests can kill it with SIGKILL and start it again. */
public final class ServerProcess implements AutoCloseable {
    private final List<String> command;
    private final Path log;
    private final int port;
    private Process process;

    public ServerProcess(Path dataDir, Path log, String... extraArgs) throws IOException {
        this.port = freePort();
        this.log = log;
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx512m",
                "-cp", System.getProperty("java.class.path")));
        // Extra JVM flags for every child server (a profiler, say): -Dflowgate.test.node.opts="-XX:..."
        String opts = System.getProperty("flowgate.test.node.opts", "").replace("%p", String.valueOf(port));
        if (!opts.isBlank()) {
            cmd.addAll(List.of(opts.trim().split("\\s+")));
        }
        cmd.addAll(List.of("io.flowgate.Main", "serve",
                "--port", String.valueOf(port), "--data", dataDir.toString()));
        cmd.addAll(List.of(extraArgs));
        this.command = List.copyOf(cmd);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public ServerProcess start() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("FLOWGATE_MASTER_KEY", TestServer.CLUSTER_KEY); // one key for every node
        process = builder.start();
        HttpClient client = HttpClient.newHttpClient();
        // Generous: on a shared two-core machine a JVM may need a minute to get ready.
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Server exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url() + "/readyz")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(50); // polling a child process's port; no clock to inject across processes
        }
        throw new IllegalStateException("Server did not become ready:\n" + Files.readString(log));
    }

    /**
     * SIGSTOP: the process freezes mid-whatever (a long GC pause, a VM stall) and keeps its sockets and
     * its idea of the leases it holds; {@link #resume()} lets it go on as if nothing happened.
     */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public Path log() {
        return log;
    }

    /**
     * The server log's ERROR entries with their stack traces (at most {@code max} lines), for a failing test to
     * print: the log itself lives in a temporary directory that is gone when the report is read.
     */
    public static String errors(Path log, int max) {
        List<String> out = new ArrayList<>();
        try {
            boolean inError = false;
            for (String line : Files.readAllLines(log)) {
                if (line.contains(" ERROR ")) {
                    inError = true;
                } else if (inError && !(line.startsWith("\t") || line.startsWith("Caused by") || line.startsWith("java.")
                        || line.startsWith("org.") || line.startsWith("io.") || line.startsWith("com."))) {
                    inError = false;
                }
                if (inError && out.size() < max) {
                    out.add(line);
                }
            }
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
        return String.join("\n", out);
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** SIGKILL: no shutdown hook, no flush — exactly a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            try {
                resume(); // a paused process would not act on SIGTERM until continued
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            process.destroy();
            process.waitFor();
        }
    }
}
