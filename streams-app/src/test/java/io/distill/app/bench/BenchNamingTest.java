package io.distill.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.app.ingest.IngestConfig;
import io.distill.schemas.topics.TopicNames;
import io.distill.student.stream.StudentConfig;
import io.distill.teacher.worker.TeacherConfig;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

/** Each stage of each round gets topics and ids of its own, so no two measurements share state or data. */
class BenchNamingTest {

    @Test
    void aStageOwnsEveryTopicAndIdUnderItsPrefix() {
        final Map<String, Object> base = Map.of(TopicNames.PARTITIONS, "2", TopicNames.INTERACTIONS, "interactions",
            "student.dimension", "64");

        final Map<String, Object> settings = Bench.stageSettings(base, "bench-x", 3, BenchStage.TEACHER);

        final String prefix = "bench-x-r3-teacher";
        final TopicNames names = TopicNames.from(settings);
        assertThat(names.all()).allSatisfy(topic -> assertThat(topic).startsWith(prefix + "-"));
        assertThat(names.softLabels()).isEqualTo(Bench.topic("bench-x", 3, BenchStage.TEACHER, "soft-labels"));
        assertThat(names.partitions()).isEqualTo(2);
        assertThat(new IngestConfig(settings).applicationId()).isEqualTo(prefix + "-ingest");
        assertThat(new TeacherConfig(settings).groupId()).isEqualTo(prefix + "-teacher");
        assertThat(new TeacherConfig(settings).transactionalId()).isEqualTo(prefix + "-teacher-0");
        assertThat(new StudentConfig(settings).applicationId()).isEqualTo(prefix + "-student");
        assertThat(new StudentConfig(settings).settings().dimension()).isEqualTo(64);
    }

    @Test
    void latencyRunsHaveTheirOwnPrefix() {
        final TopicNames names = TopicNames.from(Bench.stageSettings(Map.of(), "bench-x", 1, null));

        assertThat(names.interactions()).isEqualTo("bench-x-r1-latency-interactions");
        assertThat(names.recommendations()).isEqualTo("bench-x-r1-latency-recommendations");
    }

    @Test
    void theWatcherReadsCommittedDataWithoutAGroup() {
        final Map<String, Object> settings = OutputWatcher.consumerSettings(Map.of("bootstrap.servers", "b:9092",
            ConsumerConfig.GROUP_ID_CONFIG, "someone", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"));

        assertThat(settings).containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
            .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
            .containsEntry("bootstrap.servers", "b:9092")
            .doesNotContainKey(ConsumerConfig.GROUP_ID_CONFIG);
    }
}
