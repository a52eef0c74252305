package io.distill.student.stream;

import io.distill.avro.DistillMetrics;
import io.distill.avro.Recommendation;
import io.distill.avro.SoftLabel;
import io.distill.schemas.topics.Topic;
import java.time.Clock;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The student's Kafka Streams topology, as a pure function of its settings and topics:
 *
 * <pre>
 *   soft-labels ──▶ distill (stores: student-users, student-items, student-meta) ──▶ recommendations
 *                                                                                └──▶ distill-metrics
 * </pre>
 *
 * Every node and store is named, so changelog topics keep their names across versions.
 */
public final class StudentTopology {
    static final String SOURCE = "soft-labels-source";
    static final String PROCESSOR = "distill";
    static final String RECOMMENDATIONS_SINK = "recommendations-sink";
    static final String METRICS_SINK = "metrics-sink";

    private StudentTopology() {
    }

    /** The topics the student reads and writes, with their serdes. */
    public record Topics(Topic<String, SoftLabel> softLabels, Topic<String, Recommendation> recommendations,
                         Topic<String, DistillMetrics> metrics) {
    }

    public static Topology build(final StudentConfig config, final Topics topics, final Clock clock) {
        final Topology topology = new Topology();
        topology.addSource(SOURCE, topics.softLabels().keySerde().deserializer(), topics.softLabels().valueSerde().deserializer(),
            topics.softLabels().name());
        topology.addProcessor(PROCESSOR, () -> new DistillProcessor(config.settings(), config.metricsWindowEvents(), config.metricsFlush(), clock), SOURCE);
        final Serde<byte[]> bytes = Serdes.ByteArray();
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StudentStores.USERS), Serdes.String(), bytes)
            .withCachingEnabled(), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StudentStores.ITEMS), Serdes.String(), bytes)
            .withCachingEnabled(), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StudentStores.META), Serdes.String(), bytes)
            .withCachingEnabled(), PROCESSOR);
        topology.addSink(RECOMMENDATIONS_SINK, topics.recommendations().name(), topics.recommendations().keySerde().serializer(),
            widen(topics.recommendations().valueSerde().serializer()), PROCESSOR);
        topology.addSink(METRICS_SINK, topics.metrics().name(), topics.metrics().keySerde().serializer(),
            widen(topics.metrics().valueSerde().serializer()), PROCESSOR);
        return topology;
    }

    /** The processor forwards both record types as SpecificRecord; each sink receives only its own. */
    @SuppressWarnings("unchecked")
    private static <V extends SpecificRecord> Serializer<SpecificRecord> widen(final Serializer<V> serializer) {
        return (Serializer<SpecificRecord>) serializer;
    }
}
