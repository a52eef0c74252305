package io.distill.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.app.demo.BadEvents;
import io.distill.app.ingest.DeadLetter;
import io.distill.app.ingest.DeadLetterHeaders;
import io.distill.app.ingest.IngestConfig;
import io.distill.app.topics.DistillTopics;
import io.distill.avro.DistillMetrics;
import io.distill.avro.Interaction;
import io.distill.avro.Recommendation;
import io.distill.avro.SoftLabel;
import io.distill.datasets.InteractionSource;
import io.distill.datasets.SyntheticParams;
import io.distill.datasets.SyntheticStream;
import io.distill.runtime.metrics.PrometheusRegistry;
import io.distill.schemas.serde.SpecificAvroSerde;
import io.distill.schemas.topics.TopicNames;
import io.distill.schemas.validation.RejectReason;
import io.distill.stack.TopicSpec;
import io.distill.stack.testing.LocalKafkaExtension;
import io.distill.stack.testing.SharedKafka;
import io.distill.stack.testing.WaitUntil;
import io.distill.student.stream.StudentConfig;
import io.distill.teacher.worker.TeacherConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in one JVM against a real broker and registry: ingest, teacher and student ({@link Pipeline}) on
 * a synthetic stream with planted preferences plus a known set of bad records. Every output is read with
 * read_committed: exactly one valid interaction, one soft label and one recommendation per good event, every bad
 * record dead-lettered with its reason, and a student that, on the second half of the stream, finds the user's next
 * item at least three times as often as popularity does.
 */
@ExtendWith(LocalKafkaExtension.class)
class PipelineIT {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineIT.class);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    private static final Duration TIMEOUT = Duration.ofSeconds(240);
    private static final int EVENTS = 20_000;
    private static final int PARTITIONS = 2;
    private static final int WINDOW = 500;
    /** Two bad records per 1000 events: 40, ten of each kind. */
    private static final int BAD_PER_THOUSAND = 2;
    private static final SyntheticParams STREAM = SyntheticParams.DEFAULTS
        .withSize(SyntheticParams.DEFAULTS.users(), SyntheticParams.DEFAULTS.items(), SyntheticParams.DEFAULTS.groups(), EVENTS);

    /** Where a bad record was written, to find it in the dead-letter headers. */
    private record Source(int partition, long offset) {
    }

    @Test
    void everyEventGoesThroughExactlyOnceAndTheStudentBeatsPopularity(final SharedKafka kafka, @TempDir final Path stateDir)
        throws Exception {
        final TopicNames names = new TopicNames(kafka.uniqueTopic("pipeline-it-interactions"), kafka.uniqueTopic("pipeline-it-dlq"),
            kafka.uniqueTopic("pipeline-it-valid"), kafka.uniqueTopic("pipeline-it-labels"),
            kafka.uniqueTopic("pipeline-it-recommendations"), kafka.uniqueTopic("pipeline-it-metrics"), PARTITIONS, (short) 1);
        // Not compacted here, unlike in production: the records carry 2024 event times, so the broker rolls segments
        // (segment.ms is compared with record timestamps) and compacts a user's older lists away before they are counted.
        kafka.createTopics(DistillTopics.specs(names).stream().map(spec -> spec.name().equals(names.recommendations())
            ? TopicSpec.of(spec.name(), PARTITIONS).withConfig(TopicConfig.RETENTION_MS_CONFIG, "-1") : spec).toList());
        final Map<String, Object> settings = settings(kafka, names, stateDir);

        final List<Interaction> events = new ArrayList<>(EVENTS);
        final Map<Source, RejectReason> bad;
        try (Pipeline pipeline = Pipeline.create(settings, CLOCK, EnumSet.of(Pipeline.Role.INGEST, Pipeline.Role.TEACHER,
                 Pipeline.Role.STUDENT), PrometheusRegistry.withJvmMetrics())) {
            pipeline.start();
            bad = publish(kafka, names.interactions(), events);
            // the last stage: once every recommendation is there, the earlier topics are complete too
            awaitRecords(kafka, names.recommendations(), EVENTS, pipeline);
            assertThat(pipeline.failure()).isEmpty();
        }
        final Set<String> eventIds = events.stream().map(Interaction::getEventId).collect(Collectors.toSet());
        assertThat(eventIds).hasSize(EVENTS);

        final List<Interaction> valid = read(kafka, names.interactionsValid(), Interaction.class);
        assertThat(valid).hasSize(EVENTS);
        assertThat(distinct(valid.stream().map(Interaction::getEventId).toList())).isEqualTo(eventIds);

        final List<SoftLabel> labels = read(kafka, names.softLabels(), SoftLabel.class);
        assertThat(labels).as("soft labels").hasSize(EVENTS);
        assertThat(distinct(labels.stream().map(SoftLabel::getEventId).toList())).as("one soft label per event").isEqualTo(eventIds);

        final List<Recommendation> recommendations = read(kafka, names.recommendations(), Recommendation.class);
        assertThat(recommendations).as("recommendations").hasSize(EVENTS);
        assertThat(distinct(recommendations.stream().map(Recommendation::getSourceEventId).toList()))
            .as("one recommendation per event").isEqualTo(eventIds);

        final Map<Source, RejectReason> deadLettered = new HashMap<>();
        for (final ConsumerRecord<byte[], byte[]> record : kafka.records().readToEnd(names.interactionsDlq(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer(), TIMEOUT)) {
            final DeadLetter letter = DeadLetterHeaders.read(record.headers()).orElseThrow();
            assertThat(letter.sourceTopic()).isEqualTo(names.interactions());
            assertThat(deadLettered.put(new Source(letter.sourcePartition(), letter.sourceOffset()), letter.reason()))
                .as("dead-lettered once").isNull();
        }
        assertThat(deadLettered).as("every bad record with its reason, nothing else").isEqualTo(bad);

        final List<DistillMetrics> windows = read(kafka, names.metrics(), DistillMetrics.class);
        final MetricsTotals all = MetricsTotals.of(windows);
        final MetricsTotals.Halves halves = MetricsTotals.halves(windows);
        LOG.info("Prequential quality over {} windows ({} events; {} in the first half, {} in the second):", all.windows(),
            all.events(), halves.first().events(), halves.second().events());
        log("student", all.student(), halves.first().student(), halves.second().student());
        log("teacher", all.teacher(), halves.first().teacher(), halves.second().teacher());
        log("popularity", all.popularity(), halves.first().popularity(), halves.second().popularity());
        // every task publishes a window per WINDOW events: all but each task's last, partial one
        assertThat(all.events()).isGreaterThan(EVENTS - (long) PARTITIONS * WINDOW).isLessThanOrEqualTo(EVENTS);
        assertThat(halves.second().student().evaluated()).isGreaterThan(1000);
        assertThat(halves.second().student().hitRate()).as("student HR@10 on the second half vs 3 x popularity's")
            .isGreaterThanOrEqualTo(3 * halves.second().popularity().hitRate());
        assertThat(halves.second().popularity().hitRate()).isGreaterThan(0);
    }

    private static Map<String, Object> settings(final SharedKafka kafka, final TopicNames names, final Path stateDir) {
        final Map<String, Object> settings = new HashMap<>(kafka.clientConfig());
        settings.put("schema.registry.url", kafka.schemaRegistryUrl().toString());
        settings.put(TopicNames.INTERACTIONS, names.interactions());
        settings.put(TopicNames.INTERACTIONS_DLQ, names.interactionsDlq());
        settings.put(TopicNames.INTERACTIONS_VALID, names.interactionsValid());
        settings.put(TopicNames.SOFT_LABELS, names.softLabels());
        settings.put(TopicNames.RECOMMENDATIONS, names.recommendations());
        settings.put(TopicNames.METRICS, names.metrics());
        settings.put(TopicNames.PARTITIONS, String.valueOf(PARTITIONS));
        settings.put(IngestConfig.APPLICATION_ID, kafka.uniqueTopic("pipeline-it-ingest"));
        settings.put(TeacherConfig.GROUP_ID, kafka.uniqueTopic("pipeline-it-teacher"));
        settings.put(TeacherConfig.TRANSACTIONAL_ID, kafka.uniqueTopic("pipeline-it-teacher-0"));
        settings.put(StudentConfig.APPLICATION_ID, kafka.uniqueTopic("pipeline-it-student"));
        settings.put(StudentConfig.METRICS_WINDOW_EVENTS, String.valueOf(WINDOW));
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return settings;
    }

    /**
     * Publishes the synthetic stream with the bad records of {@link BadEvents} in between, as a producer application
     * would (key = userId, timestamp = event time); returns where each bad record went and the reason it must get.
     */
    private static Map<Source, RejectReason> publish(final SharedKafka kafka, final String topic, final List<Interaction> events)
        throws Exception {
        final Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        final BadEvents badEvents = new BadEvents(BAD_PER_THOUSAND);
        final Map<Future<RecordMetadata>, RejectReason> sentBad = new HashMap<>();
        try (SpecificAvroSerde<Interaction> values = serde(kafka, Interaction.class);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
             InteractionSource source = new SyntheticStream(STREAM).open()) {
            while (source.hasNext()) {
                final Interaction event = source.next();
                events.add(event);
                final byte[] encoded = values.serializer().serialize(topic, event);
                final long time = event.getTimestamp().toEpochMilli();
                producer.send(new ProducerRecord<>(topic, null, time, event.getUserId(), encoded));
                final Optional<BadEvents.BadRecord> badRecord = badEvents.after(events.size(), event, encoded);
                if (badRecord.isPresent()) {
                    final BadEvents.BadRecord record = badRecord.get();
                    final byte[] value = record.event() == null ? record.raw() : values.serializer().serialize(topic, record.event());
                    sentBad.put(producer.send(new ProducerRecord<>(topic, null, time, record.key(), value)), record.kind().reason());
                }
            }
            producer.flush();
        }
        assertThat(sentBad).hasSize((int) badEvents.countFor(EVENTS)).hasSize(EVENTS * BAD_PER_THOUSAND / 1000);
        final Map<Source, RejectReason> bad = new HashMap<>();
        for (final Map.Entry<Future<RecordMetadata>, RejectReason> sent : sentBad.entrySet()) {
            final RecordMetadata metadata = sent.getKey().get();
            bad.put(new Source(metadata.partition(), metadata.offset()), sent.getValue());
        }
        assertThat(new HashSet<>(bad.values())).containsExactlyInAnyOrder(RejectReason.BAD_MAGIC_BYTE,
            RejectReason.MISSING_USER_ID, RejectReason.UNKNOWN_TYPE, RejectReason.DUPLICATE_EVENT);
        return bad;
    }

    private static void log(final String model, final MetricsTotals.Score all, final MetricsTotals.Score first,
                            final MetricsTotals.Score second) {
        LOG.info("  {}: HR@10 {} NDCG@10 {} | first half HR@10 {} NDCG@10 {} | second half HR@10 {} NDCG@10 {}", model,
            f(all.hitRate()), f(all.ndcg()), f(first.hitRate()), f(first.ndcg()), f(second.hitRate()), f(second.ndcg()));
    }

    private static String f(final double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static <T extends SpecificRecord> SpecificAvroSerde<T> serde(final SharedKafka kafka, final Class<T> type) {
        final SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(Map.of("schema.registry.url", kafka.schemaRegistryUrl().toString()), false);
        return serde;
    }

    /**
     * Waits until {@code topic} holds {@code count} committed records, reading it once from the beginning as records
     * arrive; fails with what has arrived and the services' health.
     */
    private static void awaitRecords(final SharedKafka kafka, final String topic, final long count, final Pipeline pipeline) {
        final Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final long[] seen = new long[1];
            WaitUntil.waitUntil(TIMEOUT, "topic " + topic + " holds " + count + " committed records", () -> {
                seen[0] += consumer.poll(Duration.ofMillis(200)).count();
                if (seen[0] < count && pipeline.failure().isPresent()) {
                    throw new AssertionError(pipeline.failure().get());
                }
                return seen[0] >= count;
            });
            LOG.info("{} holds {} records; services {}", topic, seen[0], pipeline.health());
        } catch (final AssertionError e) {
            throw new AssertionError(e.getMessage() + "; services: " + pipeline.health(), e);
        }
    }

    /** Every value of {@code topic}, read_committed, up to its end now. */
    private static <T extends SpecificRecord> List<T> read(final SharedKafka kafka, final String topic, final Class<T> type) {
        try (SpecificAvroSerde<T> serde = serde(kafka, type)) {
            return kafka.records().readToEnd(topic, new StringDeserializer(), serde.deserializer(), TIMEOUT).stream()
                .map(ConsumerRecord::value).toList();
        }
    }

    private static Set<String> distinct(final List<String> ids) {
        return new HashSet<>(ids);
    }
}
