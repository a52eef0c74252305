package io.distill.app.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.avro.DistillMetrics;
import io.distill.avro.Interaction;
import io.distill.avro.Recommendation;
import io.distill.avro.SoftLabel;
import io.distill.schemas.registry.InMemorySchemaRegistry;
import io.distill.schemas.topics.TopicNames;
import io.distill.stack.TopicSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DistillTopicsTest {
    private static final TopicNames NAMES = TopicNames.from(Map.of("topic.partitions", "3", "topic.interactions", "clicks"));

    @Test
    void sixTopicsWithTheConfiguredPartitionsAndCompactedRecommendations() {
        final List<TopicSpec> specs = DistillTopics.specs(NAMES);

        assertThat(specs).extracting(TopicSpec::name).containsExactly("clicks", "interactions-dlq", "interactions-valid",
            "soft-labels", "recommendations", "distill-metrics");
        assertThat(specs).allSatisfy(spec -> {
            assertThat(spec.partitions()).isEqualTo(3);
            assertThat(spec.replicationFactor()).isEqualTo((short) 1);
        });
        assertThat(specs).filteredOn(spec -> spec.cleanupPolicy().isPresent())
            .singleElement().satisfies(spec -> {
                assertThat(spec.name()).isEqualTo("recommendations");
                assertThat(spec.cleanupPolicy()).contains("compact");
            });
        assertThat(specs).filteredOn(spec -> !spec.name().equals("recommendations"))
            .allSatisfy(spec -> assertThat(spec.configs()).containsEntry("retention.ms", "-1"));
    }

    @Test
    void registersTheValueSchemaOfEveryAvroTopic() {
        final InMemorySchemaRegistry registry = new InMemorySchemaRegistry("mock://distill-topics-test");

        final Map<String, Integer> ids = DistillTopics.registerValueSchemas(registry, NAMES);

        assertThat(ids).containsOnlyKeys("clicks-value", "interactions-valid-value", "soft-labels-value",
            "recommendations-value", "distill-metrics-value");
        assertThat(ids.get("clicks-value")).isEqualTo(ids.get("interactions-valid-value"));
        assertThat(registry.getLatestSchemaMetadata("soft-labels-value").schema()).isEqualTo(SoftLabel.getClassSchema());
        assertThat(registry.getLatestSchemaMetadata("recommendations-value").schema())
            .isEqualTo(Recommendation.getClassSchema());
        assertThat(registry.getLatestSchemaMetadata("distill-metrics-value").schema())
            .isEqualTo(DistillMetrics.getClassSchema());
        assertThat(registry.getLatestSchemaMetadata("clicks-value").schema()).isEqualTo(Interaction.getClassSchema());
        assertThat(DistillTopics.registerValueSchemas(registry, NAMES)).as("registering again changes nothing")
            .isEqualTo(ids);
    }
}
