package io.distill.app.ingest;

import io.distill.runtime.ClientSettings;
import io.distill.runtime.DistillProperties;
import io.distill.schemas.DistillException;
import io.distill.schemas.registry.SchemaRegistryClient;
import io.distill.schemas.registry.SchemaRegistryClients;
import io.distill.schemas.serde.WireFormatException;
import io.distill.schemas.topics.TopicNames;
import io.distill.schemas.validation.InteractionValidator;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link IngestTopology} in this process: lifecycle only. {@link #start()} checks that the input and
 * output topics exist (it never creates them: that is the local stack's or the operator's job), then starts
 * Kafka Streams with {@code processing.guarantee=exactly_once_v2}; {@link #close()} stops it. Usable in-process
 * (CLI, tests) or through {@link #main}.
 *
 * <p>Configuration: the ingest's keys ({@link IngestConfig}), the schema-registry keys, and every Kafka Streams
 * and client key, passed through untouched ({@link ClientSettings#streams}), security settings included.
 * {@code application.id} is always {@code ingest.application.id} and the processing guarantee is always
 * exactly-once v2.
 *
 * <p>A stream thread that dies of a transient error (the schema registry unreachable, a retriable Kafka error)
 * is replaced, so the failed record is processed again; any other uncaught error shuts the client down
 * (state {@code ERROR}).
 */
public final class IngestApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestApp.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_CAUSE_DEPTH = 32;

    private final IngestConfig config;
    private final Map<String, Object> streamsSettings;
    private final Map<String, Object> adminSettings;
    private final SchemaRegistryClient registry;
    private final Clock clock;
    private final CountDownLatch terminated = new CountDownLatch(1);
    // volatile: state() and metrics() are read by other threads (HTTP, metrics export) without the lock
    private volatile KafkaStreams streams;
    private boolean closed;

    /**
     * Parses and checks the configuration; connects to nothing.
     *
     * @param props the process's settings (e.g. from {@link DistillProperties#load})
     * @param clock the ingest's clock: validation of future timestamps, dead-letter times
     * @throws ConfigException naming the key of an invalid or missing setting
     */
    public IngestApp(final Map<String, ?> props, final Clock clock) {
        Objects.requireNonNull(props, "props");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.config = new IngestConfig(props);
        final Map<String, Object> settings = new HashMap<>(ClientSettings.streams(props));
        final Object guarantee = settings.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
        if (guarantee != null && !StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee.toString().strip())) {
            LOG.warn("Ignoring {}={}: the ingest always runs with {}", StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee,
                StreamsConfig.EXACTLY_ONCE_V2);
        }
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        settings.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // fails now, naming the key, rather than at start
        new StreamsConfig(settings);
        this.streamsSettings = Map.copyOf(settings);
        this.adminSettings = Map.copyOf(ClientSettings.admin(props));
        this.registry = SchemaRegistryClients.create(ClientSettings.registry(props));
    }

    /** The parsed ingest settings. */
    public IngestConfig config() {
        return config;
    }

    /**
     * Checks the topics, then starts processing; returns once Kafka Streams is starting (not when it runs).
     *
     * @throws DistillException naming the topics that do not exist, or when they cannot be checked
     * @throws IllegalStateException when already started or closed
     */
    public synchronized void start() {
        if (closed || streams != null) {
            throw new IllegalStateException("the ingest can be started once; it is " + (closed ? "closed" : "started"));
        }
        final TopicNames topics = config.topics();
        requireTopics(List.of(topics.interactions(), topics.interactionsValid(), topics.interactionsDlq()));
        final InteractionValidator validator = new InteractionValidator(config.validationLimits(), clock);
        final Topology topology = IngestTopology.build(config, registry, validator, clock);
        LOG.info("Starting ingest {}: {} -> {} / {}, dedup window {}, settings {}", config.applicationId(), topics.interactions(),
            topics.interactionsValid(), topics.interactionsDlq(), config.dedupWindow(), ClientSettings.redacted(streamsSettings));
        final KafkaStreams created = new KafkaStreams(topology, new StreamsConfig(streamsSettings));
        created.setStateListener((newState, oldState) -> {
            LOG.info("Ingest {}: {} -> {}", config.applicationId(), oldState, newState);
            if (newState == KafkaStreams.State.NOT_RUNNING || newState == KafkaStreams.State.ERROR) {
                terminated.countDown();
            }
        });
        created.setUncaughtExceptionHandler(IngestApp::onUncaughtException);
        streams = created;
        created.start();
    }

    /** The Kafka Streams state; {@code CREATED} before {@link #start()}. */
    public KafkaStreams.State state() {
        final KafkaStreams current = streams;
        return current == null ? KafkaStreams.State.CREATED : current.state();
    }

    /** Kafka Streams' metrics, the ingest's counters ({@link IngestMetrics}) included; empty before {@link #start()}. */
    public Map<MetricName, ? extends Metric> metrics() {
        final KafkaStreams current = streams;
        return current == null ? Map.of() : current.metrics();
    }

    /**
     * Waits until processing has stopped (closed, or shut down by an error).
     *
     * @return false if it is still running after {@code timeout}
     */
    public boolean awaitTermination(final Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops processing (waiting up to 30 s for a clean shutdown) and releases the registry client. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (streams != null && !streams.close(CLOSE_TIMEOUT)) {
                LOG.warn("Ingest {} did not stop within {}", config.applicationId(), CLOSE_TIMEOUT);
            }
        } finally {
            terminated.countDown();
            registry.close();
        }
    }

    /** Replaces the thread on transient errors (the failed record is retried), shuts the client down on the rest. */
    static StreamThreadExceptionResponse onUncaughtException(final Throwable error) {
        if (isTransient(error)) {
            LOG.warn("Stream thread failed on a transient error; replacing it, the record will be processed again: {}",
                error.toString());
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        LOG.error("Stream thread failed; shutting the ingest down", error);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /** True when a cause of {@code error} says that retrying the same record may succeed. */
    static boolean isTransient(final Throwable error) {
        Throwable cause = error;
        for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH; depth++, cause = cause.getCause()) {
            if (cause instanceof WireFormatException wire && wire.isRetriable() || cause instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }

    private void requireTopics(final List<String> names) {
        final Set<String> unique = new LinkedHashSet<>(names);
        final List<String> missing = new ArrayList<>();
        try (Admin admin = Admin.create(adminSettings)) {
            final Map<String, KafkaFuture<TopicDescription>> found = admin.describeTopics(unique).topicNameValues();
            for (final String name : unique) {
                try {
                    found.get(name).get();
                } catch (final ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw new DistillException("cannot check that topic '" + name + "' exists at "
                            + adminSettings.get("bootstrap.servers") + ": " + e.getCause(), e.getCause());
                    }
                    missing.add(name);
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DistillException("interrupted while checking the ingest's topics", e);
        } catch (final KafkaException e) {
            throw new DistillException("cannot check the ingest's topics: " + e.getMessage(), e);
        }
        if (!missing.isEmpty()) {
            throw new DistillException("topic(s) " + missing + " do not exist; the ingest does not create topics: create them "
                + "with the local stack or kafka-topics.sh (see " + TopicNames.INTERACTIONS + ", " + TopicNames.INTERACTIONS_VALID
                + ", " + TopicNames.INTERACTIONS_DLQ + ")");
        }
    }

    /**
     * {@code [--config <file>] [--set key=value]... [--help]}: runs the ingest until the process is stopped (a
     * shutdown hook closes it on SIGTERM). Exit codes: 1 failed (configuration, missing topics, fatal processing
     * error), 2 bad arguments, 0 after {@code --help} or when Kafka Streams stopped without error.
     */
    public static void main(final String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** {@link #main} without the exit, for tests. */
    static int run(final String[] args, final Map<String, String> env, final PrintStream out, final PrintStream err) {
        final IngestArguments arguments;
        try {
            arguments = IngestArguments.parse(args);
        } catch (final IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(IngestArguments.USAGE);
            return 2;
        }
        if (arguments.help()) {
            out.println(IngestArguments.USAGE);
            return 0;
        }
        final IngestApp app;
        try {
            app = new IngestApp(DistillProperties.load(arguments.config(), env, arguments.overrides()), Clock.systemUTC());
        } catch (final ConfigException | DistillException e) {
            err.println("error: invalid configuration: " + e.getMessage());
            return 1;
        }
        final Thread hook = new Thread(app::close, "distill-ingest-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            app.start();
            app.terminated.await();
            return app.state() == KafkaStreams.State.ERROR ? 1 : 0;
        } catch (final DistillException | KafkaException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            app.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (final IllegalStateException shuttingDown) {
                // the JVM is already stopping and runs the hook itself
            }
        }
    }
}
