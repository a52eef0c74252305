package io.distill.stack;

import static io.distill.stack.testing.WaitUntil.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaProcessTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void passesArgsEnvironmentJvmOptionsAndWorkingDirectory() throws IOException {
        final Path log = dir.resolve("echo.log");
        final Path work = Files.createDirectory(dir.resolve("work"));
        try (JavaProcess child = JavaProcess.builder(ChildMain.class.getName()).args("echo", "a b", "c")
            .jvmArgs("-Ddistill.test.prop=p1").env("DISTILL_TEST_ENV", "e1").workingDir(work).logFile(log).start()) {
            assertThat(child.waitFor(TIMEOUT)).isEqualTo(OptionalInt.of(0));
            assertThat(child.exitCode()).isEqualTo(OptionalInt.of(0));
            assertThat(child.isAlive()).isFalse();
        }
        assertThat(Files.readAllLines(log)).contains("args=echo,a b,c", "env=e1", "prop=p1", "cwd=" + work);
    }

    @Test
    void theTestClasspathIsTheFullClasspath() {
        // Surefire launches its fork from a manifest-only jar but sets java.class.path to the real classpath.
        assertThat(JavaProcess.currentClasspath()).contains("kafka_2.13", "kafka-clients", "test-classes");
    }

    @Test
    void reportsTheExitCodeAndTheLogTail() {
        final Path log = dir.resolve("exit.log");
        final JavaProcess child = JavaProcess.builder(ChildMain.class.getName()).args("exit", "3").logFile(log).start();
        assertThat(child.waitFor(TIMEOUT)).isEqualTo(OptionalInt.of(3));
        final JavaProcess missing = JavaProcess.builder("io.distill.NoSuchMain").logFile(log).start();
        assertThat(missing.waitFor(TIMEOUT)).isPresent();
        assertThat(missing.exitCode().getAsInt()).isNotZero();
        assertThat(missing.logTail(40)).contains("ClassNotFoundException: io.distill.NoSuchMain");
    }

    @Test
    void terminateRunsTheChildsShutdownHooksAndKill9DoesNot() {
        final Path termLog = dir.resolve("term.log");
        final JavaProcess terminated = startBlocking(termLog);
        assertThat(terminated.terminate(TIMEOUT)).isEqualTo(128 + 15);
        assertThat(terminated.logTail(10)).contains("hook ran");

        final Path killLog = dir.resolve("kill.log");
        final JavaProcess killed = startBlocking(killLog);
        final long pid = killed.pid();
        assertThat(killed.kill9()).isEqualTo(128 + 9);
        assertThat(killed.isAlive()).isFalse();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(killed.logTail(10)).contains("ready").doesNotContain("hook ran");
    }

    @Test
    void aChildExitsWhenItsParentIsKilled() {
        final Path parentLog = dir.resolve("parent.log");
        final Path grandchildLog = dir.resolve("grandchild.log");
        final JavaProcess parent = JavaProcess.builder(ChildMain.class.getName())
            .args("spawn", grandchildLog.toString()).logFile(parentLog).start();
        waitUntil(TIMEOUT, "the grandchild is started", () -> parent.logTail(5).contains("grandchild="));
        final long grandchildPid = Long.parseLong(parent.logTail(5).lines()
            .filter(line -> line.startsWith("grandchild=")).findFirst().orElseThrow().substring("grandchild=".length()));
        waitUntil(TIMEOUT, "the grandchild is ready", () -> JavaProcess.tail(grandchildLog, 5).contains("ready"));

        parent.kill9();

        // The parent's shutdown hooks did not run; the grandchild notices the closed pipe by itself.
        waitUntil(TIMEOUT, "the orphaned grandchild exits", () -> ProcessHandle.of(grandchildPid)
            .map(handle -> !handle.isAlive()).orElse(true));
        assertThat(JavaProcess.tail(grandchildLog, 5)).contains("hook ran");
    }

    @Test
    void aLongClasspathGoesThroughAnArgFile() {
        final String padding = Arrays.stream(new String[2_000]).map(x -> dir.resolve("missing-dir-padding").toString())
            .collect(Collectors.joining(File.pathSeparator));
        final String classpath = JavaProcess.currentClasspath() + File.pathSeparator + padding;
        final JavaProcess.Builder builder = JavaProcess.builder(ChildMain.class.getName()).classpath(classpath)
            .args("echo", "long").logFile(dir.resolve("long.log"));
        assertThat(builder.command()).noneMatch(arg -> arg.length() > 100_000).anyMatch(arg -> arg.startsWith("@"));
        final JavaProcess child = builder.start();
        assertThat(child.waitFor(TIMEOUT)).isEqualTo(OptionalInt.of(0));
        assertThat(child.logTail(10)).contains("args=echo,long");
    }

    @Test
    void aManifestClasspathJarAloneIsEnoughForTheChildAndItsOwnChildren() throws IOException {
        // What `java -jar app.jar` gives: java.class.path is app.jar, as given on the command line, so
        // possibly relative; the rest of the classpath comes from its manifest.
        final Path jar = manifestOnlyJar(dir.resolve("app.jar"), JavaProcess.currentClasspath());
        final Path relativeJar = Path.of("").toAbsolutePath().relativize(jar);
        final Path log = dir.resolve("manifest.log");
        final Path toolLog = dir.resolve("tool.log");
        final JavaProcess child = JavaProcess.builder(ChildMain.class.getName()).classpath(relativeJar.toString())
            .workingDir(Files.createDirectory(dir.resolve("elsewhere")))
            .args("storage-tool", toolLog.toString()).logFile(log).start();
        assertThat(child.waitFor(Duration.ofSeconds(90))).isEqualTo(OptionalInt.of(0));
        assertThat(child.logTail(10)).contains("storage-tool-exit=OptionalInt[0]");
        // StorageTool random-uuid prints a fresh cluster id: 22 characters of URL-safe base64.
        assertThat(JavaProcess.tail(toolLog, 5).strip()).matches("[A-Za-z0-9_-]{22}");
    }

    private static JavaProcess startBlocking(final Path log) {
        final JavaProcess child = JavaProcess.builder(ChildMain.class.getName()).args("block").logFile(log).start();
        waitUntil(TIMEOUT, "the child is ready", () -> child.logTail(5).contains("ready"));
        return child;
    }

    private static Path manifestOnlyJar(final Path jar, final String classpath) throws IOException {
        final List<String> entries = Arrays.stream(classpath.split(File.pathSeparator)).filter(s -> !s.isBlank())
            .map(entry -> Path.of(entry).toUri().toString()).toList();
        final Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", entries));
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.flush();
        }
        assertThat(new String(Files.readAllBytes(jar), StandardCharsets.ISO_8859_1)).isNotEmpty();
        return jar;
    }
}
