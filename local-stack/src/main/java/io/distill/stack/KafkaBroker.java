package io.distill.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * A real Apache Kafka broker in KRaft combined mode (broker and controller in one node), run from the
 * Maven Central jars as a child JVM ({@link JavaProcess}).
 *
 * <p>Everything lives in {@link Settings#dataDir()}: {@code server.properties} (rewritten on every start),
 * the cluster id ({@code cluster.id}), the broker's logs ({@code data/}) and its own log file
 * ({@code logs/broker.log}). Storage is formatted only once, so a restart on the same directory keeps
 * topics, records and committed offsets. While a broker runs, this JVM holds {@code broker.lock} in that
 * directory, so a second broker on the same data fails fast instead of sharing its metadata log.
 *
 * <p>All listeners bind to, and advertise, one loopback host ({@code 127.0.0.1} by default); nothing
 * listens on other interfaces. A port of 0 means "pick a free one" on the first start; later restarts of
 * the same instance reuse it, so clients keep their bootstrap address.
 *
 * <p>Lifecycle: {@link #start()}, then any of {@link #stop()} (SIGTERM, clean), {@link #kill()} (SIGKILL,
 * for fault tests) and {@link #restart()}, in any order; {@link #close()} stops. The broker never outlives
 * this JVM (see {@link JavaProcess}). Methods are thread-safe.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);

    /** The broker's main class (from {@code kafka_2.13}). */
    public static final String MAIN_CLASS = "kafka.Kafka";
    /** Kafka's storage tool, which formats a KRaft log directory. */
    public static final String STORAGE_TOOL_CLASS = "kafka.tools.StorageTool";

    /** Default client port, the one every Kafka user expects. */
    public static final int DEFAULT_PORT = 9092;
    /** Default KRaft controller port. */
    public static final int DEFAULT_CONTROLLER_PORT = 9093;
    /** Default time {@link #start()} waits for the broker to answer. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(30);
    /** Default time {@link #stop()} waits after SIGTERM before SIGKILL. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(20);
    /**
     * Default JVM options of the broker: a heap that fits a small machine, the serial collector (fewest
     * threads on two cores), and exit on out-of-memory instead of limping on.
     */
    public static final List<String> DEFAULT_JVM_ARGS = List.of(
        "-Xms128m", "-Xmx768m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true");
    /**
     * {@link #DEFAULT_JVM_ARGS} plus the C1 compiler only: on two busy cores this starts the broker in about
     * 60% of the time, at some cost in peak throughput. For tests, which start brokers often and load them
     * lightly.
     */
    public static final List<String> FAST_START_JVM_ARGS = Stream.concat(
        DEFAULT_JVM_ARGS.stream(), Stream.of("-XX:TieredStopAtLevel=1")).toList();

    static final String SERVER_PROPERTIES = "server.properties";
    static final String CLUSTER_ID_FILE = "cluster.id";
    static final String LOGBACK_CONFIG = "broker-logback.xml";
    static final String LOG4J2_CONFIG = "broker-log4j2.xml";
    static final String DATA_DIR = "data";
    static final String LOG_FILE = "logs/broker.log";
    static final String LOCK_FILE = "broker.lock";

    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(120);

    private final Settings settings;
    private final BrokerLog log;
    private int port;
    private int controllerPort;
    private String clusterId;
    private JavaProcess process;
    private DirectoryLock lock;

    /** A broker that has not been started yet; {@link #start()} starts it. */
    public KafkaBroker(final Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.log = new BrokerLog(settings.dataDir().resolve(LOG_FILE));
        this.port = settings.port();
        this.controllerPort = settings.controllerPort();
    }

    /**
     * Starts the broker and waits until an admin client can describe the cluster.
     *
     * @throws IllegalStateException if it is already running
     * @throws LocalStackException if a port is taken, storage cannot be formatted, or the broker exits or
     *     does not answer within {@link Settings#startupTimeout()}; the message ends with the broker log's tail
     */
    public synchronized void start() {
        if (isRunning()) {
            throw new IllegalStateException("The broker is already running at " + bootstrapServers());
        }
        final long started = System.nanoTime();
        if (lock == null) {
            lock = DirectoryLock.acquire(settings.dataDir().resolve(LOCK_FILE));
        }
        try {
            prepareDirectories();
            resolvePorts();
            writeConfigFiles();
            clusterId = ensureFormatted();
            final long logOffset = log.size();
            process = launch(MAIN_CLASS, List.of(serverProperties().toString()));
            BrokerReadiness.await(process, settings.host(), port, settings.startupTimeout(), log, logOffset);
        } catch (final RuntimeException e) {
            if (process != null && process.isAlive()) {
                process.kill9();
            }
            releaseLock();
            throw e;
        }
        LOG.info("Kafka broker ready at {} in {} ms (pid {}, cluster {}, data {})", bootstrapServers(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), process.pid(), clusterId, settings.dataDir());
    }

    /**
     * Stops the broker cleanly: SIGTERM, then SIGKILL if it has not exited within
     * {@link Settings#shutdownTimeout()}. Does nothing if it is not running.
     */
    public synchronized void stop() {
        if (isRunning()) {
            final long started = System.nanoTime();
            final int exit = process.terminate(settings.shutdownTimeout());
            LOG.info("Kafka broker at {} stopped in {} ms (exit {})", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), exit);
        }
        releaseLock();
    }

    /** Kills the broker with SIGKILL, as a crash would. Does nothing if it is not running. */
    public synchronized void kill() {
        if (isRunning()) {
            process.kill9();
            LOG.info("Kafka broker at {} killed", bootstrapServers());
        }
        releaseLock();
    }

    /** {@link #stop()} then {@link #start()}, on the same ports and data directory. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** Whether the broker process is alive (it may still be starting). */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * The bootstrap address, {@code host:port}.
     *
     * @throws IllegalStateException if the port is still to be picked (port 0, never started)
     */
    public synchronized String bootstrapServers() {
        return Loopback.hostPort(settings.host(), port());
    }

    /** The client port (after the first start, if it was 0 in the settings). */
    public synchronized int port() {
        if (port == 0) {
            throw new IllegalStateException("The broker's port is picked on its first start");
        }
        return port;
    }

    /** The KRaft controller port (after the first start, if it was 0 in the settings). */
    public synchronized int controllerPort() {
        if (controllerPort == 0) {
            throw new IllegalStateException("The controller's port is picked on the broker's first start");
        }
        return controllerPort;
    }

    /** The cluster id, once the broker has been started. */
    public synchronized Optional<String> clusterId() {
        return Optional.ofNullable(clusterId);
    }

    /** The pid of the broker process, while it runs. */
    public synchronized OptionalLong pid() {
        return isRunning() ? OptionalLong.of(process.pid()) : OptionalLong.empty();
    }

    /** The settings this broker was built with. */
    public Settings settings() {
        return settings;
    }

    /** The broker's own log file (its stdout, stderr and logging). */
    public Path logFile() {
        return log.file();
    }

    /** The last {@code lines} lines of {@link #logFile()}. */
    public String logTail(final int lines) {
        return JavaProcess.tail(logFile(), lines);
    }

    /** {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private void releaseLock() {
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }

    private Path serverProperties() {
        return settings.dataDir().resolve(SERVER_PROPERTIES);
    }

    private Path logDir() {
        return settings.dataDir().resolve(DATA_DIR);
    }

    private void resolvePorts() {
        if (port == 0 || controllerPort == 0) {
            final int[] free = Loopback.freePorts(settings.host(), 2);
            port = port == 0 ? free[0] : port;
            controllerPort = controllerPort == 0 ? free[1] : controllerPort;
        }
        requireFree(port, "client");
        requireFree(controllerPort, "controller");
    }

    private void requireFree(final int candidate, final String role) {
        if (!Loopback.isPortFree(settings.host(), candidate)) {
            throw new LocalStackException("Cannot start the Kafka broker: its " + role + " port "
                + Loopback.hostPort(settings.host(), candidate) + " is already in use (another broker or local"
                + " stack running?). Stop that process or choose another port.");
        }
    }

    private void prepareDirectories() {
        try {
            Files.createDirectories(logDir());
            log.rotateIfLarge();
        } catch (final IOException e) {
            throw new LocalStackException("Cannot prepare the broker directory " + settings.dataDir(), e);
        }
    }

    private void writeConfigFiles() {
        ServerProperties.write(serverProperties(),
            ServerProperties.build(settings.host(), port, controllerPort, logDir(), settings.brokerOverrides()));
        copyResource(LOGBACK_CONFIG);
        copyResource(LOG4J2_CONFIG);
    }

    private void copyResource(final String name) {
        try (InputStream in = KafkaBroker.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + name + " next to " + KafkaBroker.class);
            }
            Files.copy(in, settings.dataDir().resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot write " + settings.dataDir().resolve(name), e);
        }
    }

    /** Formats storage unless already formatted; returns the cluster id either way. */
    private String ensureFormatted() {
        final Path meta = logDir().resolve("meta.properties");
        final Path idFile = settings.dataDir().resolve(CLUSTER_ID_FILE);
        try {
            if (Files.exists(meta)) {
                final String id = readClusterId(meta);
                Files.writeString(idFile, id + "\n", StandardCharsets.UTF_8);
                return id;
            }
            final String id = Files.exists(idFile)
                ? Files.readString(idFile, StandardCharsets.UTF_8).trim()
                : Uuid.randomUuid().toString();
            Files.writeString(idFile, id + "\n", StandardCharsets.UTF_8);
            final long logOffset = log.size();
            final JavaProcess format = launch(STORAGE_TOOL_CLASS,
                List.of("format", "-t", id, "-c", serverProperties().toString()));
            final OptionalInt exit = format.waitFor(FORMAT_TIMEOUT);
            if (exit.isEmpty() || exit.getAsInt() != 0) {
                format.kill9();
                throw new LocalStackException("Formatting the broker storage in " + logDir() + " failed ("
                    + exit.stream().mapToObj(code -> "exit " + code).findFirst().orElse("timed out after " + FORMAT_TIMEOUT)
                    + "). " + log.failureReport(logOffset));
            }
            LOG.info("Formatted broker storage in {} for cluster {}", logDir(), id);
            return id;
        } catch (final IOException e) {
            throw new LocalStackException("Cannot read or write the cluster id in " + settings.dataDir(), e);
        }
    }

    private static String readClusterId(final Path meta) throws IOException {
        final Properties props = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            props.load(in);
        }
        final String id = props.getProperty("cluster.id");
        if (id == null || id.isBlank()) {
            throw new LocalStackException(meta + " has no cluster.id; the broker storage looks damaged."
                + " Delete " + meta.getParent() + " to start from an empty broker.");
        }
        return id.trim();
    }

    private JavaProcess launch(final String mainClass, final List<String> args) {
        if (LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory) {
            LOG.warn("No SLF4J provider on the classpath: {} will hold only the broker's stdout and stderr", logFile());
        }
        final Path dir = settings.dataDir().toAbsolutePath();
        return JavaProcess.builder(mainClass)
            .name(mainClass.equals(MAIN_CLASS) ? "kafka-broker" : "kafka-storage-format")
            .classpath(settings.classpath())
            .jvmArgs(settings.jvmArgs())
            .jvmArgs("-Dlogback.configurationFile=" + dir.resolve(LOGBACK_CONFIG),
                "-Dlog4j2.configurationFile=" + dir.resolve(LOG4J2_CONFIG),
                "-Dkafka.logs.dir=" + logFile().toAbsolutePath().getParent())
            .args(args)
            .workingDir(dir)
            .logFile(logFile())
            .grace(settings.shutdownTimeout())
            .start();
    }

    /**
     * How to run the broker.
     *
     * @param dataDir where configuration, storage and logs live (created if missing)
     * @param host the loopback host to bind and advertise
     * @param port the client port, 0 for a free one
     * @param controllerPort the KRaft controller port, 0 for a free one
     * @param startupTimeout how long {@link #start()} waits for the broker to answer
     * @param shutdownTimeout how long {@link #stop()} waits after SIGTERM
     * @param jvmArgs options of the broker JVM (heap, collector)
     * @param classpath the broker JVM's classpath (it must hold {@code kafka_2.13} and its dependencies)
     * @param brokerOverrides extra broker settings, applied over the generated ones
     */
    public record Settings(Path dataDir, String host, int port, int controllerPort, Duration startupTimeout,
                           Duration shutdownTimeout, List<String> jvmArgs, String classpath,
                           Map<String, String> brokerOverrides) {
        /** Validates and copies. */
        public Settings {
            // absolute: the broker JVM runs inside the data dir, where a relative path would resolve twice
            dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
            host = Loopback.requireLoopback(host, "The broker host");
            requirePort(port, "port");
            requirePort(controllerPort, "controllerPort");
            if (port != 0 && port == controllerPort) {
                throw new IllegalArgumentException("port and controllerPort must differ, both are " + port);
            }
            requirePositive(startupTimeout, "startupTimeout");
            requirePositive(shutdownTimeout, "shutdownTimeout");
            jvmArgs = List.copyOf(jvmArgs);
            if (classpath == null || classpath.isBlank()) {
                throw new IllegalArgumentException("classpath must not be blank");
            }
            brokerOverrides = Map.copyOf(brokerOverrides);
        }

        /**
         * The defaults: {@code 127.0.0.1}, ports 9092 and 9093, 30 s startup timeout, {@link #DEFAULT_JVM_ARGS},
         * this JVM's classpath.
         */
        public static Settings defaults(final Path dataDir) {
            return new Settings(dataDir, Loopback.DEFAULT_HOST, DEFAULT_PORT, DEFAULT_CONTROLLER_PORT,
                DEFAULT_STARTUP_TIMEOUT, DEFAULT_SHUTDOWN_TIMEOUT, DEFAULT_JVM_ARGS, JavaProcess.currentClasspath(),
                Map.of());
        }

        /**
         * For tests: {@link #defaults(Path)} with free ports picked at the first start and
         * {@link #FAST_START_JVM_ARGS}.
         */
        public static Settings ephemeral(final Path dataDir) {
            return defaults(dataDir).withPorts(0, 0).withJvmArgs(FAST_START_JVM_ARGS);
        }

        /** A copy with another host. */
        public Settings withHost(final String value) {
            return new Settings(dataDir, value, port, controllerPort, startupTimeout, shutdownTimeout, jvmArgs,
                classpath, brokerOverrides);
        }

        /** A copy with other client and controller ports (0 for free ones). */
        public Settings withPorts(final int clientPort, final int controllerPortValue) {
            return new Settings(dataDir, host, clientPort, controllerPortValue, startupTimeout, shutdownTimeout,
                jvmArgs, classpath, brokerOverrides);
        }

        /** A copy with another startup timeout. */
        public Settings withStartupTimeout(final Duration value) {
            return new Settings(dataDir, host, port, controllerPort, value, shutdownTimeout, jvmArgs, classpath,
                brokerOverrides);
        }

        /** A copy with another shutdown timeout. */
        public Settings withShutdownTimeout(final Duration value) {
            return new Settings(dataDir, host, port, controllerPort, startupTimeout, value, jvmArgs, classpath,
                brokerOverrides);
        }

        /** A copy with other broker JVM options. */
        public Settings withJvmArgs(final List<String> value) {
            return new Settings(dataDir, host, port, controllerPort, startupTimeout, shutdownTimeout, value,
                classpath, brokerOverrides);
        }

        /** A copy with another broker classpath. */
        public Settings withClasspath(final String value) {
            return new Settings(dataDir, host, port, controllerPort, startupTimeout, shutdownTimeout, jvmArgs,
                value, brokerOverrides);
        }

        /** A copy with other extra broker settings (replacing the previous extras). */
        public Settings withBrokerOverrides(final Map<String, String> value) {
            return new Settings(dataDir, host, port, controllerPort, startupTimeout, shutdownTimeout, jvmArgs,
                classpath, value);
        }

        private static void requirePort(final int value, final String what) {
            if (value < 0 || value > 65_535) {
                throw new IllegalArgumentException(what + " must be within 0..65535 (0 = pick a free one): " + value);
            }
        }

        private static void requirePositive(final Duration value, final String what) {
            if (value == null || value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(what + " must be positive: " + value);
            }
        }
    }
}
