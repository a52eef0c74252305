package io.distill.app.ingest;

import io.distill.avro.Interaction;
import io.distill.schemas.registry.SchemaRegistryClient;
import io.distill.schemas.serde.AvroDeserializer;
import io.distill.schemas.topics.TopicNames;
import io.distill.schemas.validation.InteractionValidator;
import java.time.Clock;
import java.util.Objects;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The ingest topology, a pure function of its configuration and collaborators:
 *
 * <pre>
 *   interactions ──▶ ingest-source ──▶ ingest-validate (store ingest-dedup) ──▶ ingest-valid-sink ──▶ interactions-valid
 *                                                                         └──▶ ingest-dlq-sink ───▶ interactions-dlq
 * </pre>
 *
 * <p>Keys and values are read and written as raw bytes, so nothing can fail before the processor sees a record,
 * and both outputs carry the <b>original key and value bytes</b>: an accepted record is passed through (a newer
 * producer's extra fields survive, nothing is re-serialized), a rejected one reaches the dead-letter topic as it
 * arrived, with its headers plus the {@link DeadLetterHeaders}.
 *
 * <p>Per record, in this order (the first failing step decides the reason):
 * <ol>
 *   <li>no key: {@code KEY_MISMATCH}; null or empty value: {@code EMPTY_VALUE}; a key that is not UTF-8: {@code KEY_MISMATCH};</li>
 *   <li>decoding with {@link AvroDeserializer} into {@link Interaction}: {@code TRUNCATED}, {@code BAD_MAGIC_BYTE},
 *       {@code UNKNOWN_SCHEMA_ID}, {@code WRONG_SCHEMA} (a record of another schema), {@code MALFORMED_AVRO};
 *       a registry that cannot be reached is not the record's fault: the exception fails the task (Kafka Streams
 *       retries, nothing is dead-lettered);</li>
 *   <li>the field validation ({@link InteractionValidator}, including key = userId);</li>
 *   <li>de-duplication by eventId within {@link IngestConfig#dedupWindow()} of event time, per input partition
 *       (store {@value #DEDUP_STORE}): {@code DUPLICATE_EVENT};</li>
 *   <li>any other exception while handling the record: {@code PROCESSING_ERROR}, and processing goes on.</li>
 * </ol>
 * Accepted records are written with the event time as record timestamp (capped at the ingest's clock; see
 * README-ingest.md). Every node and the store are named, so the changelog topic keeps its name.
 */
public final class IngestTopology {
    /** Source node reading the interactions topic. */
    public static final String SOURCE = "ingest-source";
    /** The processor deciding each record's fate. */
    public static final String PROCESSOR = "ingest-validate";
    /** Sink node writing accepted records to the valid topic. */
    public static final String VALID_SINK = "ingest-valid-sink";
    /** Sink node writing rejected records to the dead-letter topic. */
    public static final String DLQ_SINK = "ingest-dlq-sink";
    /** Window store of accepted eventIds (key eventId, window start = event time, value = source offset). */
    public static final String DEDUP_STORE = "ingest-dedup";

    private IngestTopology() {
    }

    /**
     * The topology with the shared field validation.
     *
     * @param config    topics, de-duplication window
     * @param registry  resolves writer schema ids (its cache is shared by every task)
     * @param validator the field validation
     * @param clock     stamps {@link DeadLetterHeaders#INGESTED_AT} and caps future record timestamps
     */
    public static Topology build(final IngestConfig config, final SchemaRegistryClient registry, final InteractionValidator validator,
                                 final Clock clock) {
        return build(config, registry, EventValidator.of(Objects.requireNonNull(validator, "validator")), clock);
    }

    /** The topology with any {@link EventValidator} (tests inject faulty ones). */
    public static Topology build(final IngestConfig config, final SchemaRegistryClient registry, final EventValidator validator,
                                 final Clock clock) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(validator, "validator");
        Objects.requireNonNull(clock, "clock");
        // thread-safe, with a per-schema-id reader cache: one instance serves every task
        final Deserializer<Interaction> deserializer = new AvroDeserializer<>(Interaction.class,
            Objects.requireNonNull(registry, "registry"));
        final TopicNames topics = config.topics();
        final long windowMs = config.dedupWindow().toMillis();
        final Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.interactions());
        topology.addProcessor(PROCESSOR, () -> new IngestProcessor(deserializer, validator, clock, windowMs, VALID_SINK, DLQ_SINK),
            SOURCE);
        topology.addStateStore(Stores.windowStoreBuilder(
            Stores.persistentWindowStore(DEDUP_STORE, config.dedupWindow(), config.dedupWindow(), false),
            Serdes.String(), Serdes.Long()), PROCESSOR);
        topology.addSink(VALID_SINK, topics.interactionsValid(), new ByteArraySerializer(), new ByteArraySerializer(), PROCESSOR);
        topology.addSink(DLQ_SINK, topics.interactionsDlq(), new ByteArraySerializer(), new ByteArraySerializer(), PROCESSOR);
        return topology;
    }
}
