package io.distill.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicSpecTest {
    @Test
    void compactedSetsTheCleanupPolicy() {
        final TopicSpec spec = TopicSpec.compacted("recommendations", 3);
        assertThat(spec.cleanupPolicy()).hasValue("compact");
        assertThat(spec.replicationFactor()).isEqualTo((short) 1);
        final NewTopic topic = spec.toNewTopic();
        assertThat(topic.name()).isEqualTo("recommendations");
        assertThat(topic.numPartitions()).isEqualTo(3);
        assertThat(topic.configs()).containsEntry("cleanup.policy", "compact");
    }

    @Test
    void configsAreCopiedAndImmutable() {
        final Map<String, String> configs = new HashMap<>(Map.of("retention.ms", "1000"));
        final TopicSpec spec = new TopicSpec("t", 1, (short) 1, configs);
        configs.put("retention.ms", "2000");
        assertThat(spec.configs()).containsEntry("retention.ms", "1000");
        assertThatThrownBy(() -> spec.configs().put("a", "b")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(spec.withConfig("retention.ms", "3000").configs()).containsEntry("retention.ms", "3000");
        assertThat(spec.configs()).containsEntry("retention.ms", "1000");
    }

    @Test
    void rejectsIllegalNamesAndCounts() {
        assertThatThrownBy(() -> TopicSpec.of("bad name", 1)).hasMessageContaining("bad name");
        assertThatThrownBy(() -> TopicSpec.of("..", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TopicSpec.of("x".repeat(250), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TopicSpec.of("t", 0)).hasMessageContaining("partitions");
        assertThatThrownBy(() -> TopicSpec.of("t", 1).withReplicationFactor((short) 0))
            .hasMessageContaining("replicationFactor");
    }
}
