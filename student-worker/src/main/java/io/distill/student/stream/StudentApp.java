package io.distill.student.stream;

import io.distill.avro.DistillMetrics;
import io.distill.avro.Recommendation;
import io.distill.avro.SoftLabel;
import io.distill.runtime.ClientSettings;
import io.distill.runtime.DistillProperties;
import io.distill.runtime.StreamsRunner;
import io.distill.runtime.StreamsService;
import io.distill.schemas.DistillException;
import io.distill.schemas.registry.SchemaRegistryClient;
import io.distill.schemas.registry.SchemaRegistryClients;
import io.distill.schemas.serde.SpecificAvroSerde;
import io.distill.schemas.topics.Topic;
import io.distill.schemas.topics.TopicNames;
import io.distill.student.UserState;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link StudentTopology} in this process, through a {@link StreamsRunner}: soft labels in,
 * recommendations and distill-metrics out, exactly once, all learnable state in changelogged stores.
 *
 * <p>Configuration: the student's keys ({@link StudentConfig}: {@code student.*} and the {@code topic.*} names),
 * the schema-registry keys (the Avro serdes of the three topics share one registry client), and every Kafka
 * Streams and client key, passed through untouched. {@code application.id} is always
 * {@code student.application.id} and the processing guarantee is always exactly-once v2.
 *
 * <p>For operators and tests, {@link #labelsConsumed()} and {@link #updates(String)} read the running app's stores
 * (interactive queries over the tasks of this instance); {@link StudentChecksum#of(StudentApp)} digests them.
 */
public final class StudentApp implements StreamsService {
    private static final Logger LOG = LoggerFactory.getLogger(StudentApp.class);
    private static final String NAME = "student";
    /** How long a query waits for Kafka Streams to be RUNNING (after a start or a rebalance). */
    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(60);

    private final StudentConfig config;
    private final StreamsRunner runner;
    private final SchemaRegistryClient registry;
    private final List<SpecificAvroSerde<? extends SpecificRecord>> serdes;
    private final StudentTopology.Topics topics;
    private final Clock clock;
    private boolean closed;

    /**
     * Parses and checks the configuration; connects to nothing.
     *
     * @param props the process's settings (e.g. from {@link DistillProperties#load})
     * @param clock the student's clock: generated-at of recommendations, emitted-at and lag of metrics
     * @throws ConfigException naming the key of an invalid or missing setting
     */
    public StudentApp(final Map<String, ?> props, final Clock clock) {
        Objects.requireNonNull(props, "props");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.config = new StudentConfig(props);
        this.runner = new StreamsRunner(NAME, config.applicationId(), props);
        final Map<String, Object> registrySettings = ClientSettings.registry(props);
        this.registry = SchemaRegistryClients.create(registrySettings);
        final SpecificAvroSerde<SoftLabel> labels = serde(SoftLabel.class, registrySettings);
        final SpecificAvroSerde<Recommendation> recommendations = serde(Recommendation.class, registrySettings);
        final SpecificAvroSerde<DistillMetrics> metrics = serde(DistillMetrics.class, registrySettings);
        this.serdes = List.of(labels, recommendations, metrics);
        final TopicNames names = config.topics();
        this.topics = new StudentTopology.Topics(new Topic<>(names.softLabels(), Serdes.String(), labels),
            new Topic<>(names.recommendations(), Serdes.String(), recommendations),
            new Topic<>(names.metrics(), Serdes.String(), metrics));
    }

    private <T extends SpecificRecord> SpecificAvroSerde<T> serde(final Class<T> type, final Map<String, Object> registrySettings) {
        final SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type, registry);
        serde.configure(registrySettings, false);
        return serde;
    }

    /** The parsed student settings. */
    public StudentConfig config() {
        return config;
    }

    /** The topics the student reads and writes, with the serdes it uses. */
    public StudentTopology.Topics topics() {
        return topics;
    }

    /**
     * Checks that the soft-labels, recommendations and metrics topics exist, then starts processing; returns once
     * Kafka Streams is starting (not when it runs).
     *
     * @throws DistillException naming the topics that do not exist, or when they cannot be checked
     * @throws IllegalStateException when already started or closed
     */
    @Override
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("the student can be started once; it is closed");
        }
        LOG.info("Student {}: {} -> {} / {}, {}, metrics every {} events per task", config.applicationId(),
            topics.softLabels().name(), topics.recommendations().name(), topics.metrics().name(), config.settings(),
            config.metricsWindowEvents());
        runner.start(StudentTopology.build(config, topics, clock),
            List.of(topics.softLabels().name(), topics.recommendations().name(), topics.metrics().name()));
    }

    /** The Kafka Streams state; {@code CREATED} before {@link #start()}. */
    @Override
    public KafkaStreams.State state() {
        return runner.state();
    }

    /** Kafka Streams' metrics; empty before {@link #start()}. */
    public Map<MetricName, ? extends Metric> metrics() {
        return runner.metrics();
    }

    /**
     * Labels consumed so far by the tasks of this instance: the sum of their meta stores' counters (interactive
     * query; waits up to a minute for Kafka Streams to be RUNNING). Includes updates not yet committed.
     *
     * @throws DistillException when the stores cannot be queried
     */
    public long labelsConsumed() {
        final ReadOnlyKeyValueStore<String, byte[]> meta = store(StudentStores.META);
        long total = 0;
        // the view spans every local task; each task's store holds its own counters entry
        try (KeyValueIterator<String, byte[]> rows = meta.range(StudentStores.META_COUNTERS, StudentStores.META_COUNTERS)) {
            while (rows.hasNext()) {
                total += ByteBuffer.wrap(rows.next().value).getLong();
            }
        }
        return total;
    }

    /**
     * Updates the student has made for {@code userId}: 0 for a user it has not met (or whose partition is not on
     * this instance).
     *
     * @throws DistillException when the store cannot be queried
     */
    public long updates(final String userId) {
        final byte[] stored = this.<byte[]>store(StudentStores.USERS).get(userId);
        return stored == null ? 0 : UserState.fromBytes(stored, config.settings()).updates();
    }

    /**
     * Updates per user, for every user of the tasks of this instance.
     *
     * @throws DistillException when the store cannot be queried
     */
    public Map<String, Long> updatesByUser() {
        final Map<String, Long> out = new HashMap<>();
        try (KeyValueIterator<String, byte[]> rows = this.<byte[]>store(StudentStores.USERS).all()) {
            while (rows.hasNext()) {
                final KeyValue<String, byte[]> row = rows.next();
                out.merge(row.key, UserState.fromBytes(row.value, config.settings()).updates(), Long::sum);
            }
        }
        return out;
    }

    /** A read-only view of one of the student's stores over the tasks of this instance. */
    <V> ReadOnlyKeyValueStore<String, V> store(final String name) {
        return runner.store(name, QUERY_TIMEOUT);
    }

    /** A read-only view of one store of the task of {@code partition}. */
    <V> ReadOnlyKeyValueStore<String, V> store(final String name, final int partition) {
        return runner.store(name, partition, QUERY_TIMEOUT);
    }

    /** Input partitions of the active tasks of this instance. */
    Set<Integer> activePartitions() {
        return runner.activePartitions(QUERY_TIMEOUT);
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

    /**
     * Stops processing (waiting up to 30 s for a clean shutdown: the open transaction is committed), then releases
     * the serdes and the registry client. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            runner.close();
        } finally {
            for (final SpecificAvroSerde<? extends SpecificRecord> serde : serdes) {
                serde.close();
            }
            registry.close();
        }
    }
}
