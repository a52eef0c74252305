package io.distill.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicNamesTest {

    @Test
    void prefixedNamesRoundTripThroughTheirSettings() {
        final TopicNames run = TopicNames.DEFAULT.prefixed("bench-r1");
        assertThat(run.all()).containsExactly("bench-r1-interactions", "bench-r1-interactions-dlq", "bench-r1-interactions-valid",
            "bench-r1-soft-labels", "bench-r1-recommendations", "bench-r1-distill-metrics");
        assertThat(run.partitions()).isEqualTo(TopicNames.DEFAULT.partitions());

        final Map<String, String> settings = run.nameSettings();
        assertThat(settings).containsEntry(TopicNames.SOFT_LABELS, "bench-r1-soft-labels").hasSize(6);
        assertThat(TopicNames.from(settings)).isEqualTo(run);
    }
}
