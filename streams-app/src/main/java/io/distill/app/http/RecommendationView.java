package io.distill.app.http;

import io.distill.avro.Recommendation;
import io.distill.runtime.ClientSettings;
import io.distill.runtime.StreamsRunner;
import io.distill.runtime.StreamsService;
import io.distill.schemas.DistillException;
import io.distill.schemas.serde.SpecificAvroSerde;
import io.distill.schemas.serde.WireFormatException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The latest recommendations of every user, materialised from the compacted {@code recommendations} topic as a
 * Kafka Streams {@code GlobalKTable} in the store {@value #STORE_NAME}: every edge instance holds every user, so any
 * instance answers any request, with no routing between instances.
 *
 * <p>The store keeps the records' value bytes as they are on the topic; a lookup decodes one value (the Confluent
 * wire format, schema cached by id). So the view never writes to the schema registry, and a value it cannot read
 * fails that user's lookup ({@link RecommendationStore.Unreadable}) instead of stopping the view. A tombstone
 * removes the user.
 *
 * <p>Runs through a {@link StreamsRunner} (application id {@code edge.application.id}, the process's Kafka Streams
 * and client settings passed through, SASL/SSL included): {@link #start()} fails naming the topic if it does not
 * exist. Exactly-once processing, which the runner always sets, makes the global consumer read committed data only,
 * so lists from aborted transactions of the student are never served. The store lives under {@code state.dir}
 * (checkpointed, so a restart reads only what is new).
 */
public final class RecommendationView implements RecommendationStore, StreamsService {
    /** The global store holding the latest value bytes per userId. */
    public static final String STORE_NAME = "edge-recommendations";
    /** The name of the global table's processor; its source is {@code <name>-source}. */
    public static final String TABLE_NAME = "edge-recommendations-table";

    private static final String NAME = "edge";

    private final EdgeConfig config;
    private final String topic;
    private final StreamsRunner runner;
    private final SpecificAvroSerde<Recommendation> serde;
    // cached once queryable; dropped when a read says the store went away
    private volatile ReadOnlyKeyValueStore<String, byte[]> store;

    /**
     * Parses and checks the configuration; connects to nothing.
     *
     * @param props the process's settings: {@link EdgeConfig} keys, Kafka Streams and client keys, schema-registry keys
     * @throws ConfigException naming the key of an invalid or missing setting
     */
    public RecommendationView(final Map<String, ?> props) {
        Objects.requireNonNull(props, "props");
        this.config = new EdgeConfig(props);
        this.topic = config.topics().recommendations();
        final Map<String, Object> settings = new HashMap<>(props);
        // nothing in this topology can fail per record; enabling it opts into Kafka 5.0's default now, without the warning
        settings.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        this.runner = new StreamsRunner(NAME, config.applicationId(), settings);
        this.serde = new SpecificAvroSerde<>(Recommendation.class);
        serde.configure(ClientSettings.registry(props), false);
    }

    /**
     * The view's topology, a pure function of the topic name: a global table over {@code recommendationsTopic}
     * (String keys, value bytes) materialised as {@value #STORE_NAME}.
     */
    public static Topology buildTopology(final String recommendationsTopic) {
        final StreamsBuilder builder = new StreamsBuilder();
        builder.globalTable(recommendationsTopic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(TABLE_NAME),
            Materialized.<String, byte[], KeyValueStore<Bytes, byte[]>>as(STORE_NAME)
                .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()));
        return builder.build();
    }

    public EdgeConfig config() {
        return config;
    }

    /**
     * Checks that the recommendations topic exists, then starts loading it; returns at once. Lookups answer
     * {@link RecommendationStore.Unavailable} until the table is loaded.
     *
     * @throws DistillException naming the topic if it does not exist, or when it cannot be checked
     * @throws IllegalStateException when already started or closed
     */
    @Override
    public void start() {
        runner.start(buildTopology(topic), List.of(topic));
    }

    /**
     * Waits until lookups can be answered (the table loaded up to the end of the topic as of start).
     *
     * @throws DistillException when the view stops, or is not queryable within {@code timeout}
     */
    public void awaitQueryable(final Duration timeout) {
        store = runner.store(STORE_NAME, timeout);
    }

    @Override
    public Lookup lookup(final String userId) {
        ReadOnlyKeyValueStore<String, byte[]> current = store;
        final KafkaStreams.State state = runner.state();
        if (current == null || !state.isRunningOrRebalancing()) {
            final String reason = unavailableReason(state);
            current = store;
            if (reason != null || current == null) {
                return new Unavailable(reason != null ? reason : "the store " + STORE_NAME + " is not queryable");
            }
        }
        final byte[] value;
        try {
            value = current.get(userId);
        } catch (final InvalidStateStoreException e) {
            store = null;
            return new Unavailable("the store " + STORE_NAME + " is not queryable: " + e.getMessage());
        }
        if (value == null) {
            return NOT_FOUND;
        }
        try {
            return new Found(serde.deserializer().deserialize(topic, value));
        } catch (final WireFormatException e) {
            return e.isRetriable() ? new Unavailable("cannot decode: " + e.getMessage()) : new Unreadable(e.getMessage());
        } catch (final SerializationException e) {
            return new Unreadable(e.getMessage());
        }
    }

    @Override
    public ComponentHealth health() {
        final KafkaStreams.State state = runner.state();
        final String reason = store != null && state.isRunningOrRebalancing() ? null : unavailableReason(state);
        return reason == null ? ComponentHealth.up(state.name()) : ComponentHealth.down(state.name(), reason);
    }

    /** Null when the store is queryable (and then cached), otherwise why not. */
    private String unavailableReason(final KafkaStreams.State state) {
        switch (state) {
            case CREATED:
                return "the recommendation view is not started";
            case REBALANCING:
                return "the recommendation view is loading topic " + topic;
            case RUNNING:
                try {
                    store = runner.store(STORE_NAME, Duration.ZERO);
                    return null;
                } catch (final DistillException e) {
                    return e.getMessage();
                }
            case ERROR:
                return "the recommendation view failed (see the log); restart the edge";
            default:
                return "the recommendation view is stopped (" + state + ")";
        }
    }

    @Override
    public KafkaStreams.State state() {
        return runner.state();
    }

    /** Kafka Streams' metrics of the view (global consumer, admin client, client state); empty before {@link #start()}. */
    public Map<MetricName, ? extends Metric> metrics() {
        return runner.metrics();
    }

    @Override
    public boolean awaitTermination(final Duration timeout) throws InterruptedException {
        return runner.awaitTermination(timeout);
    }

    /** Stops the view and releases the registry client. Idempotent. */
    @Override
    public void close() {
        try {
            runner.close();
        } finally {
            store = null;
            serde.close();
        }
    }
}
