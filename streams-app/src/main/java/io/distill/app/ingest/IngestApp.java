package io.distill.app.ingest;

import io.distill.runtime.ClientSettings;
import io.distill.runtime.DistillProperties;
import io.distill.runtime.ServiceMain;
import io.distill.runtime.StreamsRunner;
import io.distill.runtime.StreamsService;
import io.distill.schemas.DistillException;
import io.distill.schemas.registry.SchemaRegistryClient;
import io.distill.schemas.registry.SchemaRegistryClients;
import io.distill.schemas.topics.TopicNames;
import io.distill.schemas.validation.InteractionValidator;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link IngestTopology} in this process: lifecycle only, through a {@link StreamsRunner}. {@link #start()}
 * checks that the input and output topics exist (it never creates them: that is the local stack's or the operator's
 * job), then starts Kafka Streams with {@code processing.guarantee=exactly_once_v2}; {@link #close()} stops it.
 * Usable in-process (CLI, tests) or through {@link #main}.
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
public final class IngestApp implements StreamsService {
    private static final Logger LOG = LoggerFactory.getLogger(IngestApp.class);
    private static final String NAME = "ingest";

    private final IngestConfig config;
    private final StreamsRunner runner;
    private final SchemaRegistryClient registry;
    private final Clock clock;
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
        this.runner = new StreamsRunner(NAME, config.applicationId(), props);
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
    @Override
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("the ingest can be started once; it is closed");
        }
        final TopicNames topics = config.topics();
        final InteractionValidator validator = new InteractionValidator(config.validationLimits(), clock);
        final Topology topology = IngestTopology.build(config, registry, validator, clock);
        LOG.info("Ingest {}: {} -> {} / {}, dedup window {}", config.applicationId(), topics.interactions(),
            topics.interactionsValid(), topics.interactionsDlq(), config.dedupWindow());
        runner.start(topology, List.of(topics.interactions(), topics.interactionsValid(), topics.interactionsDlq()));
    }

    /** The Kafka Streams state; {@code CREATED} before {@link #start()}. */
    @Override
    public KafkaStreams.State state() {
        return runner.state();
    }

    /** Kafka Streams' metrics, the ingest's counters ({@link IngestMetrics}) included; empty before {@link #start()}. */
    public Map<MetricName, ? extends Metric> metrics() {
        return runner.metrics();
    }

    /**
     * Waits until processing has stopped (closed, or shut down by an error).
     *
     * @return false if it is still running after {@code timeout}
     */
    @Override
    public boolean awaitTermination(final Duration timeout) throws InterruptedException {
        return runner.awaitTermination(timeout);
    }

    /** Stops processing (waiting up to 30 s for a clean shutdown) and releases the registry client. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            runner.close();
        } finally {
            registry.close();
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
        return ServiceMain.run(args, env, out, err, IngestArguments.USAGE, NAME, props -> new IngestApp(props, Clock.systemUTC()));
    }
}
