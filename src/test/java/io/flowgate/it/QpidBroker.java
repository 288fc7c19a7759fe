package io.flowgate.it;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/**
 * Apache Qpid Broker-J 9.2 with its AMQP 0-8/0-9-1 protocol, guest/guest, its virtual host on a Derby store (so
 * queues and their messages outlive a restart). It runs in a process of its own on a Java runtime older than 23:
 * Broker-J calls {@code Subject.getSubject}, which Java 23 and later refuse. The launcher
 * ({@code src/test/resources/qpid/QpidLauncher.java}) is compiled here for Java 17; the broker's classes come
 * from the test class path. Set {@code FLOWGATE_QPID_JAVA} to choose the runtime.
 */
final class QpidBroker implements OwnedBroker {
    private final Path dir;
    private final int port;
    private Process process;

    QpidBroker() {
        try {
            this.dir = Files.createTempDirectory("flowgate-qpid");
            copy("/qpid/initial-config.json", dir.resolve("initial-config.json"));
            copy("/qpid/QpidLauncher.java", dir.resolve("src/QpidLauncher.java"));
            Files.writeString(dir.resolve("logback.xml"), """
                    <configuration>
                      <appender name="FILE" class="ch.qos.logback.core.FileAppender">
                        <file>%s</file>
                        <encoder><pattern>%%d %%-5level %%logger{30} %%msg%%n</pattern></encoder>
                      </appender>
                      <root level="WARN"><appender-ref ref="FILE"/></root>
                    </configuration>
                    """.formatted(dir.resolve("qpid.log")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        compileLauncher();
        this.port = OwnedBroker.freePort();
        start();
    }

    private static void copy(String resource, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try (InputStream in = Objects.requireNonNull(QpidBroker.class.getResourceAsStream(resource), resource)) {
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void compileLauncher() {
        var compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("the tests run on a Java runtime without a compiler; Qpid's launcher needs one");
        }
        var out = new java.io.ByteArrayOutputStream();
        int rc = compiler.run(null, out, out, "--release", "17", "-nowarn", "-cp", brokerClassPath(),
                "-d", dir.resolve("classes").toString(), dir.resolve("src/QpidLauncher.java").toString());
        if (rc != 0) {
            throw new IllegalStateException("cannot compile Qpid's launcher: " + out);
        }
    }

    /** The test class path without this project's own classes (built for a newer Java than Qpid's runtime). */
    private static String brokerClassPath() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> p.endsWith(".jar"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** A {@code java} of release 11 to 22: FLOWGATE_QPID_JAVA, a JDK under /usr/lib/jvm, or this one. */
    static String java() {
        String chosen = System.getenv("FLOWGATE_QPID_JAVA");
        if (chosen != null && !chosen.isBlank()) {
            return chosen;
        }
        if (Runtime.version().feature() < 23) {
            return Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }
        List<Path> candidates = new ArrayList<>();
        try (var dirs = Files.list(Path.of("/usr/lib/jvm"))) {
            dirs.sorted().forEach(candidates::add);
        } catch (IOException ignored) {
            // no JVMs there
        }
        for (Path jvm : candidates) {
            int feature = feature(jvm);
            if (feature >= 11 && feature <= 22 && Files.isExecutable(jvm.resolve("bin/java"))) {
                return jvm.resolve("bin/java").toString();
            }
        }
        throw new IllegalStateException("Qpid Broker-J (the AMQP broker the tests start where none answers on "
                + "127.0.0.1:5672) needs a Java runtime of release 11 to 22 and none is under /usr/lib/jvm; install "
                + "Debian's openjdk-17-jre-headless (.ci/run does) or set FLOWGATE_QPID_JAVA");
    }

    private static int feature(Path jvm) {
        try {
            for (String line : Files.readAllLines(jvm.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    String first = v.split("[.+-]")[0];
                    return Integer.parseInt(first.equals("1") ? v.split("\\.")[1] : first);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not a JVM we can read
        }
        return -1;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public synchronized void start() {
        Path out = dir.resolve("qpid.out");
        try {
            process = new ProcessBuilder(java(), "-Xmx256m", "-Dlogback.configurationFile=" + dir.resolve("logback.xml"),
                    "-cp", dir.resolve("classes") + File.pathSeparator + brokerClassPath(), "QpidLauncher",
                    dir.resolve("work").toString(), String.valueOf(port),
                    dir.resolve("initial-config.json").toUri().toString())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Its port opens before its virtual host is active: ready is when the launcher says so.
        OwnedBroker.awaitAnswer("Qpid Broker-J", port, process, out);
        OwnedBroker.awaitUntil(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("Qpid Broker-J exited; its output: " + OwnedBroker.tail(out));
            }
            return OwnedBroker.tail(out).contains("QPID READY");
        }, () -> "Qpid Broker-J did not get ready; its output: " + OwnedBroker.tail(out));
    }

    @Override
    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            try {
                process.getOutputStream().close();
                if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    OwnedBroker.end(process);
                }
            } catch (IOException e) {
                OwnedBroker.end(process);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                OwnedBroker.end(process);
            }
        }
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
