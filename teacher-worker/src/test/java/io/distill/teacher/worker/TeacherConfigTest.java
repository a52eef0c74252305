package io.distill.teacher.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.ranking.InteractionWeights;
import io.distill.schemas.topics.TopicNames;
import io.distill.teacher.CellTransform;
import io.distill.teacher.TeacherSettings;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TeacherConfigTest {

    @Test
    void defaultsAreTheDefaultTeacher() {
        final TeacherConfig config = new TeacherConfig(Map.of());
        assertThat(config.teacherSettings()).isEqualTo(TeacherSettings.DEFAULT);
        assertThat(config.groupId()).isEqualTo("distill-teacher");
        assertThat(config.transactionalId()).isEqualTo("distill-teacher-0");
        assertThat(config.pollMaxRecords()).isEqualTo(500);
        assertThat(config.staticMembership()).isTrue();
        assertThat(config.topics()).isEqualTo(TopicNames.DEFAULT);
    }

    @Test
    void everyModelKeyReachesTheSettings() {
        final TeacherConfig config = new TeacherConfig(Map.ofEntries(
            Map.entry(TeacherConfig.LAMBDA, "50.5"),
            Map.entry(TeacherConfig.ITEM_CAP, "1000"),
            Map.entry(TeacherConfig.CELL_TRANSFORM, "binary"),
            Map.entry(TeacherConfig.WEIGHT_VIEW, "0.5"),
            Map.entry(TeacherConfig.WEIGHT_CLICK, "1"),
            Map.entry(TeacherConfig.WEIGHT_ADD_TO_CART, "3"),
            Map.entry(TeacherConfig.WEIGHT_PURCHASE, "10"),
            Map.entry(TeacherConfig.TOP_K, "20"),
            Map.entry(TeacherConfig.NEGATIVES, "0"),
            Map.entry(TeacherConfig.TEMPERATURE, "1.5"),
            Map.entry(TeacherConfig.REFIT_MIN_EVENTS, "200"),
            Map.entry(TeacherConfig.REFIT_MAX_EVENTS, "800"),
            Map.entry(TeacherConfig.REFIT_SWAP_DELAY_EVENTS, "-1"),
            Map.entry(TeacherConfig.REFIT_INTERVAL_MS, "60000"),
            Map.entry(TeacherConfig.SEED, "7"),
            Map.entry(TeacherConfig.RECENCY_HALF_LIFE_EVENTS, "25")));
        assertThat(config.teacherSettings()).isEqualTo(TeacherSettings.builder().lambda(50.5).itemCap(1000)
            .transform(CellTransform.BINARY).weights(new InteractionWeights(0.5f, 1f, 3f, 10f)).topK(20).negatives(0)
            .temperature(1.5f).refitMinEvents(200).refitMaxEvents(800).swapDelayEvents(-1).refitInterval(Duration.ofMinutes(1))
            .seed(7L).recencyHalfLife(25f).build());
        assertThat(config.teacherSettings().deterministic()).isFalse();
    }

    @Test
    void topicNamesComeFromTheTopicKeys() {
        final TeacherConfig config = new TeacherConfig(Map.of(TopicNames.INTERACTIONS_VALID, "in", TopicNames.SOFT_LABELS, "out"));
        assertThat(config.topics().interactionsValid()).isEqualTo("in");
        assertThat(config.topics().softLabels()).isEqualTo("out");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "teacher.lambda, 0",
        "teacher.lambda, -1",
        "teacher.lambda, NaN",
        "teacher.lambda, Infinity",
        "teacher.lambda, lots",
        "teacher.item.cap, 0",
        "teacher.cell.transform, SQUARE",
        "teacher.weight.view, -0.5",
        "teacher.weight.click, NaN",
        "teacher.weight.add.to.cart, 1e39",
        "teacher.weight.purchase, Infinity",
        "teacher.top.k, 0",
        "teacher.negatives, -1",
        "teacher.temperature, 0",
        "teacher.temperature, 1e39",
        "teacher.refit.min.events, 0",
        "teacher.refit.max.events, 999",
        "teacher.refit.swap.delay.events, -2",
        "teacher.sequence.weight, 1",
        "teacher.sequence.window, 0",
        "teacher.refit.interval.ms, -1",
        "teacher.seed, x",
        "teacher.poll.max.records, 0",
        "teacher.recency.half.life.events, -1",
        "teacher.recency.half.life.events, 1e39",
        "teacher.group.id, ''",
        "teacher.transactional.id, ''",
        "teacher.static.membership, maybe",
        "topic.soft.labels, ''",
    })
    void anInvalidValueFailsNamingItsKey(final String key, final String value) {
        assertThatThrownBy(() -> new TeacherConfig(Map.of(key, value)))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining(key);
    }

    @Test
    void theDocumentationListsEveryKey() {
        assertThat(TeacherConfig.documentation()).contains(TeacherConfig.CONFIG.names());
    }
}
