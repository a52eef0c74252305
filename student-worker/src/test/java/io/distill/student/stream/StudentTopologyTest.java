package io.distill.student.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.avro.Candidate;
import io.distill.avro.DistillMetrics;
import io.distill.avro.InteractionType;
import io.distill.avro.Recommendation;
import io.distill.avro.ScoredItem;
import io.distill.avro.SoftLabel;
import io.distill.schemas.serde.SpecificAvroSerde;
import io.distill.schemas.topics.Topic;
import io.distill.schemas.topics.TopicNames;
import io.distill.student.UserState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudentTopologyTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC);

    @TempDir
    Path stateDir;

    private final String registry = "mock://student-topology-" + UUID.randomUUID();

    private <T extends SpecificRecord> SpecificAvroSerde<T> serde(final Class<T> type) {
        final SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(Map.of("schema.registry.url", registry), false);
        return serde;
    }

    private StudentTopology.Topics topics() {
        return new StudentTopology.Topics(new Topic<>("soft-labels", Serdes.String(), serde(SoftLabel.class)),
            new Topic<>("recommendations", Serdes.String(), serde(Recommendation.class)),
            new Topic<>("distill-metrics", Serdes.String(), serde(DistillMetrics.class)));
    }

    private StudentConfig config() {
        return new StudentConfig(Map.of(StudentConfig.METRICS_WINDOW_EVENTS, "3", StudentConfig.TOP_N, "5"));
    }

    private TopologyTestDriver driver(final Path dir) {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "student-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        return new TopologyTestDriver(StudentTopology.build(config(), topics(), CLOCK), props, T0);
    }

    /** A label whose teacher prefers items i0..i9 for everyone, with i0 best. */
    private static SoftLabel label(final int n, final String user, final String item) {
        final List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            candidates.add(new Candidate("i" + i, 3f - i * 0.5f));
        }
        final Instant time = T0.plusSeconds(n);
        return new SoftLabel("e" + n, user, time, item, InteractionType.CLICK, "ease@100", 2f, candidates, 3, time);
    }

    private static List<SoftLabel> stream() {
        final List<SoftLabel> labels = new ArrayList<>();
        final String[] users = {"alice", "bob", "carol"};
        for (int n = 0; n < 12; n++) {
            labels.add(label(n, users[n % 3], "i" + (n % 7)));
        }
        return labels;
    }

    @Test
    void publishesOneRecommendationPerLabelAndUpdatesState() {
        try (TopologyTestDriver driver = driver(stateDir)) {
            final TopicNames names = TopicNames.DEFAULT;
            final StudentTopology.Topics topics = topics();
            final TestInputTopic<String, SoftLabel> in = driver.createInputTopic(names.softLabels(), Serdes.String().serializer(),
                topics.softLabels().valueSerde().serializer());
            final TestOutputTopic<String, Recommendation> recommendations = driver.createOutputTopic(names.recommendations(),
                Serdes.String().deserializer(), topics.recommendations().valueSerde().deserializer());
            final TestOutputTopic<String, DistillMetrics> metrics = driver.createOutputTopic(names.metrics(),
                Serdes.String().deserializer(), topics.metrics().valueSerde().deserializer());

            for (final SoftLabel label : stream()) {
                in.pipeInput(label.getUserId(), label, label.getEventTimestamp());
            }

            final List<Recommendation> out = recommendations.readValuesToList();
            assertThat(out).hasSize(12);
            assertThat(out).extracting(Recommendation::getSourceEventId).containsExactly("e0", "e1", "e2", "e3", "e4", "e5", "e6",
                "e7", "e8", "e9", "e10", "e11");
            final Recommendation last = out.get(11);
            assertThat(last.getUserId()).isEqualTo("carol");
            assertThat(last.getItems()).hasSize(5);
            // carol interacted with i2 (n=2), i5 (n=5), i1 (n=8), i4 (n=11): never recommended back
            assertThat(last.getItems()).extracting(ScoredItem::getItemId).doesNotContain("i1", "i2", "i4", "i5");
            assertThat(last.getModelVersion()).isEqualTo("student/0_0@12");

            final List<DistillMetrics> windows = metrics.readValuesToList();
            assertThat(windows).hasSize(4);
            assertThat(windows).extracting(DistillMetrics::getEvents).containsOnly(3L);
            assertThat(windows.get(0).getWindow()).isZero();
            assertThat(windows.get(3).getWindow()).isEqualTo(3);
            // every event's item is new to its user in this stream except none: 12 distinct (user, item) pairs
            assertThat(windows.stream().mapToLong(w -> w.getStudent().getEvaluated()).sum()).isEqualTo(12);
            assertThat(windows.stream().mapToLong(w -> w.getTeacher().getHits()).sum()).isEqualTo(12); // teacherRank 3 < 10

            final KeyValueStore<String, byte[]> users = driver.getKeyValueStore(StudentStores.USERS);
            final UserState alice = UserState.fromBytes(users.get("alice"), config().settings());
            assertThat(alice.updates()).isEqualTo(4);
            assertThat(alice.seen().size()).isEqualTo(4);
            final KeyValueStore<String, byte[]> items = driver.getKeyValueStore(StudentStores.ITEMS);
            int itemRows = 0;
            try (var rows = items.all()) {
                while (rows.hasNext()) {
                    rows.next();
                    itemRows++;
                }
            }
            assertThat(itemRows).isEqualTo(10);
        }
    }

    @Test
    void publishesAPartlyFilledWindowOnceItHasBeenOpenForTheFlushInterval() {
        try (TopologyTestDriver driver = driver(stateDir)) {
            final StudentTopology.Topics topics = topics();
            final TestInputTopic<String, SoftLabel> in = driver.createInputTopic("soft-labels", Serdes.String().serializer(),
                topics.softLabels().valueSerde().serializer());
            final TestOutputTopic<String, DistillMetrics> metrics = driver.createOutputTopic("distill-metrics",
                Serdes.String().deserializer(), topics.metrics().valueSerde().deserializer());
            final List<SoftLabel> labels = stream();
            in.pipeInput(labels.get(0).getUserId(), labels.get(0), labels.get(0).getEventTimestamp());
            in.pipeInput(labels.get(1).getUserId(), labels.get(1), labels.get(1).getEventTimestamp());
            assertThat(metrics.isEmpty()).isTrue();
            driver.advanceWallClockTime(java.time.Duration.ofSeconds(11));
            final List<DistillMetrics> flushed = metrics.readValuesToList();
            assertThat(flushed).hasSize(1);
            assertThat(flushed.get(0).getEvents()).isEqualTo(2);
            assertThat(flushed.get(0).getWindow()).isZero();
            // nothing more while the window is empty
            driver.advanceWallClockTime(java.time.Duration.ofSeconds(11));
            assertThat(metrics.isEmpty()).isTrue();
        }
    }

    /**
     * A restarted task is a new processor instance over the same stores (TopologyTestDriver wipes its
     * state directory on close, so the restart is simulated one level down): it must continue exactly as
     * an uninterrupted processor would.
     */
    @Test
    void aRestartedProcessorContinuesExactlyFromItsStores() {
        final List<SoftLabel> labels = stream();
        final List<Recommendation> uninterrupted = new ProcessorHarness(config()).process(labels, 0, labels.size());
        final ProcessorHarness restarted = new ProcessorHarness(config());
        final List<Recommendation> interrupted = new ArrayList<>(restarted.process(labels, 0, 5));
        restarted.restart();
        interrupted.addAll(restarted.process(labels, 5, labels.size()));
        assertThat(interrupted).hasSize(12);
        for (int i = 0; i < 12; i++) {
            assertThat(interrupted.get(i).getItems()).as("recommendation %d", i).isEqualTo(uninterrupted.get(i).getItems());
        }
    }

    /**
     * The same over a stream where every user has more distinct items than the history holds, so items leave the
     * histories: the restarted processor must end with bit-identical stores (what the store holds is all a restarted
     * task knows).
     */
    @Test
    void aRestartedProcessorEndsWithBitIdenticalStoresWhenHistoriesOverflow() {
        final StudentConfig config = new StudentConfig(Map.of(StudentConfig.HISTORY_LENGTH, "3", StudentConfig.TOP_N, "5",
            StudentConfig.METRICS_WINDOW_EVENTS, "7"));
        final String[] users = {"alice", "bob"};
        final List<SoftLabel> labels = new ArrayList<>();
        for (int n = 0; n < 40; n++) {
            labels.add(label(n, users[n % 2], "i" + (n * 3 % 17)));
        }
        final ProcessorHarness uninterrupted = new ProcessorHarness(config);
        final List<Recommendation> expected = uninterrupted.process(labels, 0, labels.size());
        final ProcessorHarness restarted = new ProcessorHarness(config);
        final List<Recommendation> actual = new ArrayList<>(restarted.process(labels, 0, 13));
        restarted.restart();
        actual.addAll(restarted.process(labels, 13, 29));
        restarted.restart();
        actual.addAll(restarted.process(labels, 29, labels.size()));

        assertThat(restarted.checksum()).isEqualTo(uninterrupted.checksum());
        assertThat(actual).isEqualTo(expected);
    }
}
