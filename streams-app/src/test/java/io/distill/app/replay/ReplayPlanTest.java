package io.distill.app.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.app.ingest.IngestConfig;
import io.distill.schemas.topics.TopicNames;
import io.distill.student.stream.StudentConfig;
import io.distill.teacher.worker.TeacherConfig;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ReplayPlanTest {
    private static final Map<String, String> SETTINGS = Map.of("bootstrap.servers", "localhost:9092",
        "schema.registry.url", "http://localhost:8081", StudentConfig.APPLICATION_ID, "shop-student",
        TopicNames.RECOMMENDATIONS, "shop-recs");

    @Test
    void aStudentReplayGetsItsOwnApplicationIdAndOutputsAndReadsTheOriginalSoftLabels() {
        final ReplayPlan plan = ReplayPlan.of(ReplayStage.STUDENT, SETTINGS, "r1", Optional.empty());

        assertThat(plan.replayStudent()).isEqualTo("shop-student-r1");
        assertThat(plan.originalStudent()).isEqualTo("shop-student");
        assertThat(plan.input()).isEqualTo("soft-labels");
        assertThat(plan.replayTopics().softLabels()).isEqualTo("soft-labels");
        assertThat(plan.outputs()).containsExactly(Map.entry("shop-recs-r1", "shop-recs"),
            Map.entry("distill-metrics-r1", "distill-metrics"));
        assertThat(plan.replay()).containsEntry("bootstrap.servers", "localhost:9092")
            .doesNotContainKeys(IngestConfig.APPLICATION_ID, TeacherConfig.GROUP_ID);
        assertThat(plan.from()).isEmpty();
    }

    @Test
    void aFullReplayRenamesEveryIdAndEveryTopicButInteractions() {
        final Instant from = Instant.parse("2024-01-10T00:00:00Z");
        final ReplayPlan plan = ReplayPlan.of(ReplayStage.ALL, SETTINGS, "r2", Optional.of(from));

        assertThat(plan.input()).isEqualTo("interactions");
        assertThat(plan.replay()).containsEntry(IngestConfig.APPLICATION_ID, IngestConfig.DEFAULT_APPLICATION_ID + "-r2")
            .containsEntry(TeacherConfig.GROUP_ID, "distill-teacher-r2")
            .containsEntry(TeacherConfig.TRANSACTIONAL_ID, "distill-teacher-0-r2")
            .containsEntry(StudentConfig.APPLICATION_ID, "shop-student-r2");
        final TopicNames topics = plan.replayTopics();
        assertThat(topics.interactions()).isEqualTo("interactions");
        assertThat(plan.outputs()).containsExactly(Map.entry("interactions-dlq-r2", "interactions-dlq"),
            Map.entry("interactions-valid-r2", "interactions-valid"), Map.entry("soft-labels-r2", "soft-labels"),
            Map.entry("shop-recs-r2", "shop-recs"), Map.entry("distill-metrics-r2", "distill-metrics"));
        assertThat(plan.original()).isEqualTo(SETTINGS);
        assertThat(plan.from()).contains(from);
    }

    @Test
    void aNameThatCannotBePartOfATopicNameIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> ReplayPlan.of(ReplayStage.STUDENT, SETTINGS, "my replay", Optional.empty()))
            .isInstanceOf(ConfigException.class).hasMessageContaining("--name");
        assertThatThrownBy(() -> ReplayPlan.of(ReplayStage.STUDENT, SETTINGS, "", Optional.empty()))
            .isInstanceOf(ConfigException.class);
    }

    @Test
    void anInvalidSettingIsRefusedNamingItsKey() {
        assertThatThrownBy(() -> ReplayPlan.of(ReplayStage.ALL, Map.of(TeacherConfig.TOP_K, "many"), "r", Optional.empty()))
            .isInstanceOf(ConfigException.class).hasMessageContaining(TeacherConfig.TOP_K);
    }
}
