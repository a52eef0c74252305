package io.distill.student.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.avro.DistillMetrics;
import io.distill.avro.Interaction;
import io.distill.avro.Recommendation;
import io.distill.avro.ScoredItem;
import io.distill.avro.SoftLabel;
import io.distill.datasets.InteractionSource;
import io.distill.datasets.SyntheticParams;
import io.distill.datasets.SyntheticStream;
import io.distill.schemas.DistillException;
import io.distill.schemas.serde.SpecificAvroSerde;
import io.distill.schemas.topics.TopicNames;
import io.distill.stack.TopicSpec;
import io.distill.stack.testing.LocalKafkaExtension;
import io.distill.stack.testing.SharedKafka;
import io.distill.stack.testing.WaitUntil;
import io.distill.teacher.Teacher;
import io.distill.teacher.TeacherSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The student as a Kafka Streams application against a real broker and the registry's HTTP API: soft labels made
 * offline by the real teacher from a synthetic stream, outputs read with read_committed.
 */
@ExtendWith(LocalKafkaExtension.class)
class StudentAppIT {
    private static final Logger LOG = LoggerFactory.getLogger(StudentAppIT.class);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final int EVENTS = 3000;
    /** Divides {@link #EVENTS}: with one partition the last window closes on the last label. */
    private static final int WINDOW = 500;
    /** Shorter than a user's stream (about 30 events), so items leave the users' histories. */
    private static final int HISTORY = 5;
    private static final int TOP_N = 20;
    private static final int LABEL_BATCH = 100;

    /** The soft labels of the synthetic stream, in stream order. */
    private static List<SoftLabel> labels;

    @BeforeAll
    static void labelTheStreamOffline() {
        final List<Interaction> events = new ArrayList<>(EVENTS);
        try (InteractionSource source = new SyntheticStream(SyntheticParams.DEFAULTS.withSize(100, 300, 10, EVENTS)).open()) {
            source.forEachRemaining(events::add);
        }
        final List<SoftLabel> out = new ArrayList<>(EVENTS);
        try (Teacher teacher = new Teacher(TeacherSettings.DEFAULT, CLOCK)) {
            for (int from = 0; from < events.size(); from += LABEL_BATCH) {
                out.addAll(teacher.label(events.subList(from, Math.min(events.size(), from + LABEL_BATCH))));
            }
        }
        labels = List.copyOf(out);
        assertThat(labels).hasSize(EVENTS);
    }

    /** The topics of one student run. */
    private record Run(String labels, String recommendations, String metrics, String applicationId) {
        static Run create(final SharedKafka kafka, final String name, final int partitions) {
            final Run run = new Run(kafka.uniqueTopic("student-it-" + name + "-labels"),
                kafka.uniqueTopic("student-it-" + name + "-recommendations"), kafka.uniqueTopic("student-it-" + name + "-metrics"),
                kafka.uniqueTopic("student-it-" + name + "-app"));
            kafka.createTopics(keptForever(TopicSpec.of(run.labels, partitions)),
                keptForever(TopicSpec.of(run.recommendations, partitions)), keptForever(TopicSpec.of(run.metrics, 1)));
            return run;
        }

        /**
         * Records carry the synthetic stream's event times (2024): under the default 7-day retention the broker rolls a
         * segment per batch and its retention check deletes them within minutes.
         */
        private static TopicSpec keptForever(final TopicSpec spec) {
            return spec.withConfig("retention.ms", "-1");
        }

        Map<String, Object> settings(final SharedKafka kafka, final Path stateDir) {
            final Map<String, Object> props = new HashMap<>(kafka.clientConfig());
            props.put("schema.registry.url", kafka.schemaRegistryUrl().toString());
            props.put(TopicNames.SOFT_LABELS, labels);
            props.put(TopicNames.RECOMMENDATIONS, recommendations);
            props.put(TopicNames.METRICS, metrics);
            props.put(StudentConfig.APPLICATION_ID, applicationId);
            props.put(StudentConfig.HISTORY_LENGTH, String.valueOf(HISTORY));
            props.put(StudentConfig.TOP_N, String.valueOf(TOP_N));
            props.put(StudentConfig.METRICS_WINDOW_EVENTS, String.valueOf(WINDOW));
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            return props;
        }
    }

    private static <T extends SpecificRecord> SpecificAvroSerde<T> serde(final SharedKafka kafka, final Class<T> type) {
        final SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(Map.of("schema.registry.url", kafka.schemaRegistryUrl().toString()), false);
        return serde;
    }

    /** Produces the labels keyed by user, timestamped with the event time; returns how many went to each partition. */
    private static Map<Integer, Integer> produce(final SharedKafka kafka, final String topic, final List<SoftLabel> batch)
        throws Exception {
        final Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        final Map<Integer, Integer> perPartition = new HashMap<>();
        try (SpecificAvroSerde<SoftLabel> serde = serde(kafka, SoftLabel.class);
             KafkaProducer<String, SoftLabel> producer = new KafkaProducer<>(config, new StringSerializer(), serde.serializer())) {
            final List<Future<RecordMetadata>> sent = new ArrayList<>(batch.size());
            for (final SoftLabel label : batch) {
                sent.add(producer.send(new ProducerRecord<>(topic, null, label.getEventTimestamp().toEpochMilli(), label.getUserId(),
                    label)));
            }
            producer.flush();
            for (final Future<RecordMetadata> future : sent) {
                perPartition.merge(future.get().partition(), 1, Integer::sum);
            }
        }
        return perPartition;
    }

    private static List<Recommendation> recommendations(final SharedKafka kafka, final String topic, final int atLeast) {
        try (SpecificAvroSerde<Recommendation> serde = serde(kafka, Recommendation.class)) {
            return kafka.records().readAtLeast(topic, atLeast, new StringDeserializer(), serde.deserializer(), TIMEOUT).stream()
                .map(ConsumerRecord::value).toList();
        }
    }

    private static List<ConsumerRecord<String, DistillMetrics>> metrics(final SharedKafka kafka, final String topic, final int atLeast) {
        try (SpecificAvroSerde<DistillMetrics> serde = serde(kafka, DistillMetrics.class)) {
            return kafka.records().readAtLeast(topic, atLeast, new StringDeserializer(), serde.deserializer(), TIMEOUT);
        }
    }

    private static void awaitLabelsConsumed(final StudentApp app, final long expected) {
        WaitUntil.waitUntil(TIMEOUT, "the student has consumed " + expected + " labels", () -> app.labelsConsumed() >= expected);
        assertThat(app.labelsConsumed()).as("labels consumed").isEqualTo(expected);
    }

    /** Recommendations by source event, failing on a duplicate. */
    private static Map<String, Recommendation> bySource(final List<Recommendation> recommendations) {
        return recommendations.stream().collect(Collectors.toMap(Recommendation::getSourceEventId, r -> r, (a, b) -> {
            throw new AssertionError("two recommendations for event " + a.getSourceEventId());
        }, LinkedHashMap::new));
    }

    @Test
    void distilsEveryLabelExactlyOnceAndItsStoresAgreeWithItsChangelogs(final SharedKafka kafka, @TempDir final Path stateDir)
        throws Exception {
        final Run run = Run.create(kafka, "once", 2);
        final Map<Integer, Integer> perPartition = produce(kafka, run.labels(), labels);
        final Map<String, Object> settings = run.settings(kafka, stateDir);
        final StudentChecksum fromStores;
        try (StudentApp app = new StudentApp(settings, CLOCK)) {
            app.start();
            final List<Recommendation> out = recommendations(kafka, run.recommendations(), EVENTS);
            awaitLabelsConsumed(app, EVENTS);

            // one recommendation per label: none missing, no duplicates
            assertThat(out).hasSize(EVENTS);
            final Map<String, Recommendation> bySource = bySource(out);
            assertThat(bySource.keySet()).isEqualTo(labels.stream().map(SoftLabel::getEventId).collect(Collectors.toSet()));

            // a user's recommendations never include an item the user has interacted with, up to that event; they are
            // distinct, best first, and full once the student knows enough items (at the very start it knows few)
            final Map<String, Set<String>> seen = new HashMap<>();
            final Map<String, Recommendation> latest = new HashMap<>();
            for (final SoftLabel label : labels) {
                final Set<String> items = seen.computeIfAbsent(label.getUserId(), u -> new HashSet<>());
                items.add(label.getItemId());
                final Recommendation recommendation = bySource.get(label.getEventId());
                assertThat(recommendation.getUserId()).isEqualTo(label.getUserId());
                assertThat(recommendation.getItems()).as("recommendation for %s", label.getEventId()).hasSizeLessThanOrEqualTo(TOP_N)
                    .extracting(ScoredItem::getItemId).doesNotHaveDuplicates().doesNotContainAnyElementsOf(items);
                assertThat(recommendation.getItems()).extracting(ScoredItem::getScore)
                    .isSortedAccordingTo((x, y) -> Float.compare(y, x));
                latest.put(label.getUserId(), recommendation);
            }
            assertThat(latest.values()).allSatisfy(r -> assertThat(r.getItems()).hasSize(TOP_N));

            // every closed window is published exactly once: each task closes floor(labels / window) of them
            final int windows = perPartition.values().stream().mapToInt(n -> n / WINDOW).sum();
            final List<ConsumerRecord<String, DistillMetrics>> published = metrics(kafka, run.metrics(), windows);
            assertThat(published).hasSize(windows);
            assertThat(published).allSatisfy(r -> assertThat(r.value().getEvents()).isEqualTo(WINDOW));
            final Map<String, List<Long>> windowsByTask = published.stream().collect(Collectors.groupingBy(r -> r.value().getTask(),
                Collectors.mapping(r -> r.value().getWindow(), Collectors.toList())));
            for (final Map.Entry<Integer, Integer> partition : perPartition.entrySet()) {
                final List<Long> expected = new ArrayList<>();
                for (long w = 0; w < partition.getValue() / WINDOW; w++) {
                    expected.add(w);
                }
                assertThat(windowsByTask.getOrDefault("0_" + partition.getKey(), List.of())).as("windows of task 0_%d", partition.getKey())
                    .containsExactlyElementsOf(expected);
            }

            // the users' update counts add up to the labels, user by user
            final Map<String, Long> expectedUpdates = labels.stream().collect(Collectors.groupingBy(SoftLabel::getUserId,
                Collectors.counting()));
            final Map<String, Long> updates = app.updatesByUser();
            assertThat(updates).isEqualTo(expectedUpdates);
            assertThat(updates.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(EVENTS);
            final String someUser = labels.get(0).getUserId();
            assertThat(app.updates(someUser)).isEqualTo(expectedUpdates.get(someUser));
            assertThat(app.updates("nobody")).isZero();

            fromStores = StudentChecksum.of(app);
            app.close();
            assertThat(app.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
        }
        final StudentChecksum fromChangelogs = StudentChecksum.fromChangelogs(settings, TIMEOUT);
        LOG.info("student {}: {} from the stores, {} from the changelogs", run.applicationId(), fromStores, fromChangelogs);
        assertThat(fromChangelogs).isEqualTo(fromStores);
        assertThat(fromStores.partitions()).isEqualTo(2);
        assertThat(fromStores.users()).isEqualTo(labels.stream().map(SoftLabel::getUserId).distinct().count());
        assertThat(fromStores.items()).isPositive();
    }

    @Test
    void aStudentClosedHalfwayAndRestartedIsBitIdenticalToAnUninterruptedOne(final SharedKafka kafka, @TempDir final Path stateDir)
        throws Exception {
        // A: every label in one go
        final Run a = Run.create(kafka, "uninterrupted", 1);
        produce(kafka, a.labels(), labels);
        final Map<String, Object> settingsA = a.settings(kafka, stateDir.resolve("a"));
        final List<Recommendation> recommendationsA;
        final StudentChecksum storesA;
        try (StudentApp app = new StudentApp(settingsA, CLOCK)) {
            app.start();
            recommendationsA = recommendations(kafka, a.recommendations(), EVENTS);
            awaitLabelsConsumed(app, EVENTS);
            storesA = StudentChecksum.of(app);
        }
        final StudentChecksum checksumA = StudentChecksum.fromChangelogs(settingsA, TIMEOUT);
        assertThat(checksumA).isEqualTo(storesA);
        final List<DistillMetrics> metricsA = metrics(kafka, a.metrics(), EVENTS / WINDOW).stream().map(ConsumerRecord::value).toList();

        // B: the first half, then the second half arrives and the student is closed at once, mid-stream; a new
        // instance with the same application id and an empty state directory (restoring from the changelogs) finishes
        final Run b = Run.create(kafka, "restarted", 1);
        final int half = EVENTS / 2;
        produce(kafka, b.labels(), labels.subList(0, half));
        try (StudentApp first = new StudentApp(b.settings(kafka, stateDir.resolve("b1")), CLOCK)) {
            first.start();
            recommendations(kafka, b.recommendations(), half);
            produce(kafka, b.labels(), labels.subList(half, EVENTS));
        }
        final int committedAtClose = kafka.records().readToEnd(b.recommendations(), TIMEOUT).size();
        LOG.info("the first instance of {} committed {} of {} recommendations before it was closed", b.applicationId(),
            committedAtClose, EVENTS);
        assertThat(committedAtClose).isBetween(half, EVENTS);
        final Map<String, Object> settingsB = b.settings(kafka, stateDir.resolve("b2"));
        final List<Recommendation> recommendationsB;
        try (StudentApp second = new StudentApp(settingsB, CLOCK)) {
            second.start();
            recommendationsB = recommendations(kafka, b.recommendations(), EVENTS);
            awaitLabelsConsumed(second, EVENTS);
        }
        final StudentChecksum checksumB = StudentChecksum.fromChangelogs(settingsB, TIMEOUT);
        final List<DistillMetrics> metricsB = metrics(kafka, b.metrics(), EVENTS / WINDOW).stream().map(ConsumerRecord::value).toList();
        LOG.info("uninterrupted {}, restarted {}", checksumA, checksumB);

        assertThat(checksumB).isEqualTo(checksumA);
        assertThat(recommendationsB).hasSize(EVENTS);
        final Map<String, Recommendation> expected = bySource(recommendationsA);
        final Map<String, Recommendation> actual = bySource(recommendationsB);
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        for (final Map.Entry<String, Recommendation> entry : expected.entrySet()) {
            assertThat(actual.get(entry.getKey())).as("recommendation for %s", entry.getKey()).isEqualTo(entry.getValue());
        }
        assertThat(metricsA).hasSize(EVENTS / WINDOW);
        assertThat(metricsA.stream().mapToLong(DistillMetrics::getEvents).sum()).isEqualTo(EVENTS);
        assertThat(metricsB).isEqualTo(metricsA);
    }

    @Test
    void startFailsNamingTheTopicsThatDoNotExist(final SharedKafka kafka, @TempDir final Path stateDir) {
        final String existing = kafka.createTopic("student-it-only-labels", 1);
        final Map<String, Object> settings = new Run(existing, kafka.uniqueTopic("student-it-missing-recommendations"),
            kafka.uniqueTopic("student-it-missing-metrics"), kafka.uniqueTopic("student-it-missing-app")).settings(kafka, stateDir);
        try (StudentApp app = new StudentApp(settings, CLOCK)) {
            assertThatThrownBy(app::start).isInstanceOf(DistillException.class)
                .hasMessageContaining((String) settings.get(TopicNames.RECOMMENDATIONS))
                .hasMessageContaining((String) settings.get(TopicNames.METRICS)).hasMessageNotContaining("[" + existing);
            assertThat(app.state()).isEqualTo(KafkaStreams.State.CREATED);
        }
    }
}
