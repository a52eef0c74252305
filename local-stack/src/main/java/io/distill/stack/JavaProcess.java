package io.distill.stack;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child JVM: a main class run with its own arguments, JVM options, classpath, environment and working
 * directory, its stdout and stderr appended to a log file.
 *
 * <p>Children never outlive the JVM that started them: a shutdown hook terminates each one that is still
 * running, and (by default) the child runs under {@link ParentWatchdog}, which makes it exit when the parent
 * dies without running its hooks (kill -9).
 *
 * <p>{@link #kill9()} is SIGKILL (for fault-tolerance tests: no shutdown hook of the child runs);
 * {@link #terminate(Duration)} is SIGTERM, a bounded wait, then SIGKILL. Instances are thread-safe.
 */
public final class JavaProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JavaProcess.class);

    /** How long {@link #close()} and the shutdown hook wait after SIGTERM before SIGKILL. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(20);

    /** Linux caps one argument at 128 KiB; longer classpaths go through a {@code @argfile}. */
    private static final int MAX_INLINE_CLASSPATH = 64 * 1024;
    private static final int TAIL_BYTES = 64 * 1024;
    private static final Duration AFTER_KILL_WAIT = Duration.ofSeconds(10);

    private final String name;
    private final Process process;
    private final Optional<Path> logFile;
    private final Duration grace;
    private final Thread shutdownHook;

    private JavaProcess(final String name, final Process process, final Optional<Path> logFile, final Duration grace) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.grace = grace;
        this.shutdownHook = new Thread(this::terminateOnShutdown, "distill-child-reaper-" + name);
    }

    /** A builder for a child running {@code mainClass}. */
    public static Builder builder(final String mainClass) {
        return new Builder(mainClass);
    }

    /**
     * The classpath of this JVM, as the child's default. Under Maven surefire and failsafe this is the full
     * test classpath; under {@code java -cp} it is that classpath; under {@code java -jar app.jar} it is
     * {@code app.jar} alone, which is enough because the child reads the jar's manifest {@code Class-Path}
     * just as this JVM did.
     */
    public static String currentClasspath() {
        return System.getProperty("java.class.path");
    }

    /** The {@code java} launcher of the running JDK. */
    public static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** The name given at build time (used in log messages and thread names). */
    public String name() {
        return name;
    }

    /** The operating-system process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether the process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit status, if the process has exited. */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /**
     * Waits up to {@code timeout} for the process to exit.
     *
     * @return the exit status, or empty if it is still running after {@code timeout}
     * @throws LocalStackException if interrupted (the interrupt flag is restored)
     */
    public OptionalInt waitFor(final Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return OptionalInt.of(process.exitValue());
            }
            return OptionalInt.empty();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted while waiting for " + describe() + " to exit", e);
        }
    }

    /**
     * Sends SIGKILL and waits for the process to be gone. The child gets no chance to clean up, which is the
     * point: it simulates a crash.
     *
     * @return the exit status (137 on Linux for a process the signal killed)
     */
    public int kill9() {
        LOG.info("Killing {} with SIGKILL", describe());
        process.toHandle().destroyForcibly();
        return awaitGone();
    }

    /**
     * Sends SIGTERM, waits up to {@code grace} for a clean exit, then sends SIGKILL.
     *
     * @return the exit status
     */
    public int terminate(final Duration grace) {
        if (!process.isAlive()) {
            return process.exitValue();
        }
        LOG.debug("Sending SIGTERM to {}", describe());
        // Through the handle: Process.destroy() would also close the child's stdin, which its
        // ParentWatchdog reads as "parent gone" and races the signal with an exit of its own.
        process.toHandle().destroy();
        final OptionalInt exit = waitFor(grace);
        if (exit.isPresent()) {
            return exit.getAsInt();
        }
        LOG.warn("{} did not exit within {} after SIGTERM; sending SIGKILL", describe(), grace);
        process.toHandle().destroyForcibly();
        return awaitGone();
    }

    /** {@link #terminate(Duration)} with the grace given at build time. */
    public int terminate() {
        return terminate(grace);
    }

    /** The log file the child's stdout and stderr are appended to, if one was given. */
    public Optional<Path> logFile() {
        return logFile;
    }

    /**
     * The last {@code maxLines} lines of the log file (at most the last 64 KiB), or a note that there is
     * no log. Meant for error messages.
     */
    public String logTail(final int maxLines) {
        return logFile.map(file -> tail(file, maxLines)).orElse("(no log file: the child's output is discarded)");
    }

    /** {@link #terminate(Duration)} with the grace given at build time. */
    @Override
    public void close() {
        terminate(grace);
    }

    @Override
    public String toString() {
        return describe();
    }

    /**
     * The last {@code maxLines} lines of {@code file} (reading at most its last 64 KiB), or a note if it
     * cannot be read.
     */
    public static String tail(final Path file, final int maxLines) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            final long length = in.length();
            final int size = (int) Math.min(length, TAIL_BYTES);
            final byte[] bytes = new byte[size];
            in.seek(length - size);
            in.readFully(bytes);
            final List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - maxLines), lines.size()));
        } catch (final IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    private String describe() {
        return name + " (pid " + process.pid() + ")";
    }

    private int awaitGone() {
        final OptionalInt exit = waitFor(AFTER_KILL_WAIT);
        if (exit.isEmpty()) {
            throw new LocalStackException(describe() + " is still running " + AFTER_KILL_WAIT + " after SIGKILL");
        }
        return exit.getAsInt();
    }

    private void terminateOnShutdown() {
        if (process.isAlive()) {
            LOG.info("JVM shutting down: stopping child {}", describe());
            terminate(grace);
        }
    }

    private void registerShutdownHook() {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        process.onExit().thenRun(this::unregisterShutdownHook);
    }

    private void unregisterShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (final IllegalStateException e) {
            // The JVM is already shutting down and the hook may be running: nothing left to undo.
        }
    }

    /** Collects what a child JVM needs; {@link #start()} launches it. */
    public static final class Builder {
        private final String mainClass;
        private final List<String> args = new ArrayList<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private String classpath = currentClasspath();
        private String name;
        private Path workingDir;
        private Path logFile;
        private boolean dieWithParent = true;
        private Duration grace = DEFAULT_GRACE;

        private Builder(final String mainClass) {
            this.mainClass = requireText(mainClass, "mainClass");
            this.name = mainClass.substring(mainClass.lastIndexOf('.') + 1);
        }

        /** Arguments passed to the main class. */
        public Builder args(final List<String> values) {
            args.addAll(values);
            return this;
        }

        /** Arguments passed to the main class. */
        public Builder args(final String... values) {
            return args(List.of(values));
        }

        /** Options for the JVM itself ({@code -Xmx512m}, {@code -Dkey=value}). */
        public Builder jvmArgs(final List<String> values) {
            jvmArgs.addAll(values);
            return this;
        }

        /** Options for the JVM itself ({@code -Xmx512m}, {@code -Dkey=value}). */
        public Builder jvmArgs(final String... values) {
            return jvmArgs(List.of(values));
        }

        /** The child's classpath; defaults to {@link #currentClasspath()}. */
        public Builder classpath(final String value) {
            this.classpath = requireText(value, "classpath");
            return this;
        }

        /** An environment variable added to (or replacing one of) the inherited environment. */
        public Builder env(final String key, final String value) {
            env.put(requireText(key, "env key"), Objects.requireNonNull(value, "env value"));
            return this;
        }

        /** The child's working directory; defaults to this JVM's. */
        public Builder workingDir(final Path value) {
            this.workingDir = Objects.requireNonNull(value, "workingDir");
            return this;
        }

        /** File the child's stdout and stderr are appended to; without one, its output is discarded. */
        public Builder logFile(final Path value) {
            this.logFile = Objects.requireNonNull(value, "logFile");
            return this;
        }

        /** A short name for log messages; defaults to the main class's simple name. */
        public Builder name(final String value) {
            this.name = requireText(value, "name");
            return this;
        }

        /**
         * Whether the child exits when this JVM dies, even by SIGKILL (default true; see
         * {@link ParentWatchdog}). With false the child's stdin is {@code /dev/null} and only the shutdown
         * hook stops it.
         */
        public Builder dieWithParent(final boolean value) {
            this.dieWithParent = value;
            return this;
        }

        /** How long {@link JavaProcess#close()} and the shutdown hook wait after SIGTERM. */
        public Builder grace(final Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException("grace must not be negative: " + value);
            }
            this.grace = value;
            return this;
        }

        /** The full command line (launcher first) {@link #start()} runs. */
        public List<String> command() {
            final List<String> command = new ArrayList<>();
            command.add(javaExecutable().toString());
            command.addAll(jvmArgs);
            final String absoluteClasspath = absolute(classpath);
            if (absoluteClasspath.length() > MAX_INLINE_CLASSPATH) {
                command.add("@" + writeArgFile(List.of("-cp", absoluteClasspath)));
            } else {
                command.add("-cp");
                command.add(absoluteClasspath);
            }
            if (dieWithParent) {
                command.add(ParentWatchdog.class.getName());
            }
            command.add(mainClass);
            command.addAll(args);
            return Collections.unmodifiableList(command);
        }

        /**
         * Launches the child.
         *
         * @throws LocalStackException if the JVM cannot be launched
         */
        public JavaProcess start() {
            final ProcessBuilder builder = new ProcessBuilder(command());
            builder.environment().putAll(env);
            if (workingDir != null) {
                builder.directory(workingDir.toFile());
            }
            builder.redirectErrorStream(true);
            if (logFile != null) {
                createParent(logFile);
                builder.redirectOutput(Redirect.appendTo(logFile.toFile()));
            } else {
                builder.redirectOutput(Redirect.DISCARD);
            }
            if (!dieWithParent) {
                builder.redirectInput(Redirect.from(new File("/dev/null")));
            }
            // With dieWithParent the stdin pipe stays open and unused: Process holds its write end until
            // this JVM dies, and the child's ParentWatchdog waits for the end-of-file that follows.
            final Process process;
            try {
                process = builder.start();
            } catch (final IOException e) {
                throw new LocalStackException("Cannot launch " + name + " (" + mainClass + ")", e);
            }
            final JavaProcess child = new JavaProcess(name, process, Optional.ofNullable(logFile), grace);
            child.registerShutdownHook();
            LOG.debug("Started {}: {}", child.describe(), mainClass);
            return child;
        }

        /**
         * Resolves relative entries against this JVM's working directory: {@code java -jar app.jar} run from
         * elsewhere gives a relative {@code java.class.path}, and the child may run in another directory.
         */
        static String absolute(final String classpath) {
            return Arrays.stream(classpath.split(File.pathSeparator, -1))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
        }

        private static Path writeArgFile(final List<String> arguments) {
            try {
                final Path file = Files.createTempFile("distill-java-", ".args");
                file.toFile().deleteOnExit();
                final StringBuilder text = new StringBuilder();
                for (final String argument : arguments) {
                    text.append('"').append(argument.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n");
                }
                Files.writeString(file, text, StandardCharsets.UTF_8);
                return file;
            } catch (final IOException e) {
                throw new UncheckedIOException("Cannot write a java @argfile", e);
            }
        }

        private static void createParent(final Path file) {
            try {
                final Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            } catch (final IOException e) {
                throw new UncheckedIOException("Cannot create the directory of " + file, e);
            }
        }

        private static String requireText(final String value, final String what) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(what + " must not be blank");
            }
            return value;
        }
    }
}
