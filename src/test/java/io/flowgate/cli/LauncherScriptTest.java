package io.flowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code flowgate} bash launcher's JDK choice, through its hidden {@code --jdk-check} word. */
class LauncherScriptTest {
    private static final Path SCRIPT = Path.of("flowgate").toAbsolutePath();

    @TempDir
    Path tmp;

    record Result(int exit, String out, String err) {}

    private static Result launcher(Map<String, String> env, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder();
        pb.command().add("bash");
        pb.command().add(SCRIPT.toString());
        pb.command().addAll(List.of(args));
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("FLOWGATE_JVM_DIR");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("launcher finished").isTrue();
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static int majorOf(String java) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Matcher m = Pattern.compile("version \"(?:1\\.)?(\\d+)").matcher(text);
        assertThat(m.find()).as("version in: " + text).isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void picks_a_jdk_of_at_least_21() throws Exception {
        Result r = launcher(Map.of(), "--jdk-check");

        assertThat(r.exit()).isZero();
        String java = r.out().strip();
        assertThat(Path.of(java)).isExecutable();
        assertThat(majorOf(java)).isGreaterThanOrEqualTo(21);
    }

    @Test
    void uses_java_home_when_it_is_new_enough() throws Exception {
        String home = Path.of(ProcessHandle.current().info().command().orElseThrow()).getParent().getParent().toString();

        Result r = launcher(Map.of("JAVA_HOME", home), "--jdk-check");

        assertThat(r.out().strip()).isEqualTo(home + "/bin/java");
    }

    @Test
    void passes_over_an_old_java_home_and_says_what_to_install_when_none_is_found() throws Exception {
        Path oldJdk = fakeJdk("old", "17.0.15");
        Path jvmDir = Files.createDirectories(tmp.resolve("jvm"));
        Files.createSymbolicLink(jvmDir.resolve("old"), oldJdk);

        Result none = launcher(Map.of("JAVA_HOME", oldJdk.toString(), "FLOWGATE_JVM_DIR", jvmDir.toString()), "--jdk-check");

        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).isEqualTo("flowgate: needs a JDK 21 or newer (apt-get install temurin-21-jdk or "
                + "openjdk-21-jdk), found none\n");

        Files.createSymbolicLink(jvmDir.resolve("new21"), fakeJdk("new21", "21.0.2"));
        Files.createSymbolicLink(jvmDir.resolve("new24"), fakeJdk("new24", "24-ea"));
        Result newest = launcher(Map.of("JAVA_HOME", oldJdk.toString(), "FLOWGATE_JVM_DIR", jvmDir.toString()), "--jdk-check");

        assertThat(newest.exit()).isZero();
        assertThat(newest.out()).isEqualTo(jvmDir.resolve("new24/bin/java") + "\n");
    }

    @Test
    void reads_the_version_from_the_jdk_release_file_without_starting_java() throws Exception {
        Path jdk = fakeJdk("released", "17.0.1");
        // The release file wins: java itself would claim 17, the file says 22.
        Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"22.0.1\"\n");
        Path jvmDir = Files.createDirectories(tmp.resolve("jvm-release"));
        Files.createSymbolicLink(jvmDir.resolve("released"), jdk);

        Result r = launcher(Map.of("JAVA_HOME", "", "FLOWGATE_JVM_DIR", jvmDir.toString()), "--jdk-check");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo(jvmDir.resolve("released/bin/java") + "\n");
    }

    /** A directory shaped like a JDK whose java only answers -version. */
    private Path fakeJdk(String name, String version) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("jdks").resolve(name).resolve("bin"));
        Path java = Files.writeString(bin.resolve("java"),
                "#!/bin/sh\necho 'openjdk version \"" + version + "\" 2026-01-01' >&2\n");
        assertThat(java.toFile().setExecutable(true)).isTrue();
        return bin.getParent();
    }
}
