package io.distill.teacher.worker;

import io.distill.avro.Interaction;
import io.distill.avro.SoftLabel;
import io.distill.datasets.SyntheticParams;
import io.distill.datasets.SyntheticStream;
import io.distill.schemas.serde.SpecificAvroSerde;
import io.distill.schemas.topics.TopicNames;
import io.distill.stack.TopicSpec;
import io.distill.stack.testing.RecordCollector;
import io.distill.stack.testing.SharedKafka;
import io.distill.teacher.Teacher;
import io.distill.teacher.TeacherSettings;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Input, expected output and configuration shared by the worker's integration tests. */
final class WorkerFixtures {
    /** Labels carry this time; tests compare labels without it anyway. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC);
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    /** 3000 events over 300 users and 600 items: with the default refit schedule, fits at 1000 and 2000 events. */
    static final SyntheticParams STREAM = SyntheticParams.DEFAULTS.withSize(300, 600, 20, 3000);

    private WorkerFixtures() {
    }

    /**
     * A new topic that keeps its records forever, as distill's topics do: the events carry event-time
     * timestamps from 2024, which the broker's default time retention (7 days) would delete mid-test.
     */
    static String topic(final SharedKafka kafka, final String prefix, final int partitions) {
        final String name = kafka.uniqueTopic(prefix);
        kafka.createTopics(TopicSpec.of(name, partitions).withConfig("retention.ms", "-1"));
        return name;
    }

    static List<Interaction> events() {
        final List<Interaction> events = new ArrayList<>();
        new SyntheticStream(STREAM).open().forEachRemaining(events::add);
        return events;
    }

    /** What an uninterrupted teacher says about {@code events}, labelled in memory without Kafka. */
    static List<SoftLabel> offlineLabels(final List<Interaction> events, final TeacherSettings settings) {
        try (Teacher teacher = new Teacher(settings, CLOCK)) {
            final List<SoftLabel> labels = new ArrayList<>();
            for (int at = 0; at < events.size(); at += 500) {
                labels.addAll(teacher.label(events.subList(at, Math.min(events.size(), at + 500))));
            }
            return labels;
        }
    }

    /**
     * Publishes {@code events} to {@code topic} as the ingest does: key userId, record timestamp = event time,
     * in transactions of {@code perTransaction} events (so the topic holds transaction markers too).
     */
    static void produce(final SharedKafka kafka, final String topic, final List<Interaction> events, final int perTransaction) {
        produce(kafka, topic, null, events, perTransaction);
    }

    /** {@link #produce(SharedKafka, String, List, int)} into one partition, or by key when {@code partition} is null. */
    static void produce(final SharedKafka kafka, final String topic, final Integer partition, final List<Interaction> events,
                        final int perTransaction) {
        produce(kafka.bootstrapServers(), kafka.schemaRegistryUrl(), topic, partition, events, perTransaction);
    }

    /** {@link #produce(SharedKafka, String, Integer, List, int)} to any broker, with any registry. */
    static void produce(final String bootstrapServers, final URI registry, final String topic, final Integer partition,
                        final List<Interaction> events, final int perTransaction) {
        final Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-ingest-" + topic + "-" + partition);
        final SpecificAvroSerde<Interaction> serde = new SpecificAvroSerde<>(Interaction.class);
        serde.configure(Map.of("schema.registry.url", registry.toString()), false);
        try (KafkaProducer<String, Interaction> producer = new KafkaProducer<>(settings, new StringSerializer(), serde.serializer())) {
            producer.initTransactions();
            for (int at = 0; at < events.size(); at += perTransaction) {
                producer.beginTransaction();
                for (final Interaction event : events.subList(at, Math.min(events.size(), at + perTransaction))) {
                    producer.send(new ProducerRecord<>(topic, partition, event.getTimestamp().toEpochMilli(), event.getUserId(), event));
                }
                producer.commitTransaction();
            }
        }
    }

    /** Every committed record of {@code topic} once it holds at least {@code count}. */
    static List<ConsumerRecord<String, SoftLabel>> readLabels(final SharedKafka kafka, final String topic, final int count) {
        final SpecificAvroSerde<SoftLabel> serde = new SpecificAvroSerde<>(SoftLabel.class);
        serde.configure(Map.of("schema.registry.url", kafka.schemaRegistryUrl().toString()), false);
        return kafka.records().readAtLeast(topic, count, new StringDeserializer(), serde.deserializer(), TIMEOUT);
    }

    /** Committed records of {@code topic} right now. */
    static List<ConsumerRecord<String, SoftLabel>> readLabelsNow(final SharedKafka kafka, final String topic) {
        return readLabelsNow(kafka.records(), kafka.schemaRegistryUrl(), topic);
    }

    /** Committed records of {@code topic} right now, read by {@code collector}. */
    static List<ConsumerRecord<String, SoftLabel>> readLabelsNow(final RecordCollector collector, final URI registry,
                                                                 final String topic) {
        final SpecificAvroSerde<SoftLabel> serde = new SpecificAvroSerde<>(SoftLabel.class);
        serde.configure(Map.of("schema.registry.url", registry.toString()), false);
        return collector.readToEnd(topic, new StringDeserializer(), serde.deserializer(), TIMEOUT);
    }

    static List<SoftLabel> values(final List<ConsumerRecord<String, SoftLabel>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    /** Worker settings for the shared broker: the given topics, group and transactional id, default teacher. */
    static Map<String, String> workerSettings(final SharedKafka kafka, final String input, final String output,
                                              final String group, final String transactionalId) {
        final Map<String, String> settings = new HashMap<>();
        settings.put("bootstrap.servers", kafka.bootstrapServers());
        settings.put("schema.registry.url", kafka.schemaRegistryUrl().toString());
        settings.put(TopicNames.INTERACTIONS_VALID, input);
        settings.put(TopicNames.SOFT_LABELS, output);
        settings.put(TeacherConfig.GROUP_ID, group);
        settings.put(TeacherConfig.TRANSACTIONAL_ID, transactionalId);
        return settings;
    }
}
