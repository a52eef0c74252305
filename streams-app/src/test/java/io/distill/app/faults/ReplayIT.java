package io.distill.app.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.distill.app.pipeline.MetricsTotals;
import io.distill.app.replay.Replay;
import io.distill.app.replay.ReplayPlan;
import io.distill.app.replay.ReplayResult;
import io.distill.app.replay.ReplayStage;
import io.distill.avro.SoftLabel;
import io.distill.schemas.serde.SpecificAvroSerde;
import io.distill.stack.testing.LocalKafkaExtension;
import io.distill.stack.testing.SharedKafka;
import io.distill.student.stream.StudentConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code distill replay} and {@code distill checksum} against an original run of the whole pipeline (in this JVM, on
 * the shared broker): the student replayed from soft-labels, and the pipeline replayed from interactions, are
 * bit-identical to the original with one partition; with three partitions the replayed student's prequential NDCG@10
 * is within 1% of the original's. The original's topics are left as they were.
 */
@ExtendWith(LocalKafkaExtension.class)
class ReplayIT {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayIT.class);
    private static final long EVENTS = 4_000;
    /** Small windows, so the prequential sums cover almost every event. */
    private static final Map<String, String> SMALL_WINDOWS = Map.of(StudentConfig.METRICS_WINDOW_EVENTS, "100");
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Test
    void withOnePartitionBothReplaysRebuildTheStudentBitForBit(final SharedKafka kafka, @TempDir final Path dir) throws Exception {
        final PipelineLayout layout = layout(kafka, "replay-one", 1, dir);
        final InProcessPipeline.Run original = InProcessPipeline.run(layout, SMALL_WINDOWS, EVENTS, 0, List.of());
        original.audit().assertExactlyOnce();
        final Map<String, String> settings = settings(layout);
        final DistillCli cli = new DistillCli(settings, dir);

        assertThat(cli.run("checksum")).as(cli.err()).isZero();
        final String originalChecksum = cli.lastLine("").orElseThrow();
        assertThat(originalChecksum).startsWith("sha256:").contains("users=").doesNotContain("items=0 ");

        assertThat(cli.run("replay", "--stage", "student", "--name", "r1")).as(cli.err()).isZero();
        LOG.info("distill checksum and distill replay --stage student printed:\n{}", cli.out());
        assertThat(cli.lastLine("checksum")).contains(originalChecksum);
        assertThat(cli.out()).contains("student NDCG@10 replayed vs original: +0.00%");
        assertThat(cli.run("checksum", "--application-id", layout.studentApplicationId() + "-r1")).isZero();
        assertThat(cli.lastLine("")).contains(originalChecksum);

        assertThat(cli.run("replay", "--stage", "all", "--name", "r2")).as(cli.err()).isZero();
        LOG.info("distill replay --stage all printed:\n{}", cli.out());
        assertThat(cli.lastLine("checksum")).as(cli.out()).contains(originalChecksum);
        assertThat(cli.out()).contains(layout.topics().interactionsValid() + "-r2", layout.topics().softLabels() + "-r2");

        // the originals are untouched: the audit still finds exactly one record per event
        PipelineAudit.awaitQuietAndAudit(layout, settings, original.validIds(), Map.of(), TIMEOUT)
            .assertExactlyOnce();
        assertThat(cli.run("checksum")).isZero();
        assertThat(cli.lastLine("")).contains(originalChecksum);
    }

    @Test
    void withThreePartitionsTheReplayedStudentsNdcgIsWithinOnePercent(final SharedKafka kafka, @TempDir final Path dir)
        throws Exception {
        final PipelineLayout layout = layout(kafka, "replay-three", 3, dir);
        InProcessPipeline.run(layout, SMALL_WINDOWS, EVENTS, 0, List.of()).audit().assertExactlyOnce();
        final Map<String, String> settings = settings(layout);

        final ReplayResult result = new Replay(ReplayPlan.of(ReplayStage.STUDENT, settings, "r1", Optional.empty()),
            InProcessPipeline.CLOCK, TIMEOUT).run((stage, done, total) -> { }, wait -> false);
        final MetricsTotals replayed = result.replayed();
        final MetricsTotals original = result.original();
        assertThat(replayed.student().evaluated()).isGreaterThan(EVENTS / 2).isEqualTo(original.student().evaluated());
        assertThat(replayed.student().ndcg()).isPositive();
        LOG.info("3 partitions: replayed student NDCG@10 {} vs original {} ({} relative), checksum {}", replayed.student().ndcg(),
            original.student().ndcg(), result.relativeNdcgDifference(), result.checksum());
        assertThat(result.relativeNdcgDifference())
            .as("relative difference of the replayed student's prequential NDCG@10 to the original's (3 partitions)")
            .isCloseTo(0.0, within(0.01));
        assertThat(result.labels()).isEqualTo(EVENTS);

        // a replay from an event time on reads only the labels stamped then or later
        final List<Instant> times = eventTimes(kafka, layout).stream().sorted().toList();
        final Instant middle = times.get(times.size() / 2);
        final DistillCli cli = new DistillCli(settings, dir);
        assertThat(cli.run("replay", "--stage", "student", "--name", "r2", "--from-timestamp", middle.toString()))
            .as(cli.err()).isZero();
        final long later = times.stream().filter(time -> !time.isBefore(middle)).count();
        assertThat(later).isBetween(EVENTS / 3, EVENTS * 2 / 3);
        assertThat(cli.out()).contains(String.format("the replayed student consumed %,d labels", later));

        // a name used before is refused: a replay never writes to existing topics
        assertThat(cli.run("replay", "--stage", "student", "--name", "r1")).isEqualTo(1);
        assertThat(cli.err()).contains("exist already");
    }

    private static PipelineLayout layout(final SharedKafka kafka, final String prefix, final int partitions, final Path dir) {
        final PipelineLayout layout = PipelineLayout.of(kafka.uniqueTopic(prefix), partitions, kafka.bootstrapServers(),
            kafka.schemaRegistryUrl().toString(), dir.resolve("state"));
        FaultStack.createTopics(kafka.bootstrapServers(), layout.topics());
        return layout;
    }

    private static Map<String, String> settings(final PipelineLayout layout) {
        final Map<String, String> settings = new TreeMap<>(layout.settings());
        settings.putAll(SMALL_WINDOWS);
        return settings;
    }

    /** The event times of the soft labels. */
    private static List<Instant> eventTimes(final SharedKafka kafka, final PipelineLayout layout) {
        final Map<String, Object> registry = Map.of("schema.registry.url", layout.registryUrl());
        try (SpecificAvroSerde<SoftLabel> serde = new SpecificAvroSerde<>(SoftLabel.class)) {
            serde.configure(registry, false);
            return kafka.records().readToEnd(layout.topics().softLabels(), TIMEOUT).stream()
                .map(ConsumerRecord::value).map(bytes -> serde.deserializer().deserialize(layout.topics().softLabels(), bytes))
                .map(SoftLabel::getEventTimestamp).toList();
        }
    }
}
