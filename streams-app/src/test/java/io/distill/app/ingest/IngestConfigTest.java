package io.distill.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.schemas.topics.TopicNames;
import io.distill.schemas.validation.ValidationLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class IngestConfigTest {

    @Test
    void defaultsAreThoseOfTheDesign() {
        final IngestConfig config = IngestConfig.defaults();
        assertThat(config.applicationId()).isEqualTo("distill-ingest");
        assertThat(config.dedupWindow()).isEqualTo(Duration.ofDays(7));
        assertThat(config.validationLimits()).isEqualTo(ValidationLimits.DEFAULT);
        assertThat(config.validationLimits().minTimestamp()).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
        assertThat(config.topics()).isEqualTo(TopicNames.DEFAULT);
    }

    @Test
    void everyKeyIsRead() {
        final IngestConfig config = new IngestConfig(Map.of(
            IngestConfig.APPLICATION_ID, "ingest-b",
            IngestConfig.DEDUP_WINDOW_MS, "60000",
            IngestConfig.MAX_ID_LENGTH, "32",
            IngestConfig.MAX_CONTEXT_ENTRIES, "4",
            IngestConfig.MAX_CONTEXT_CHARS, "100",
            IngestConfig.MIN_TIMESTAMP, " 2020-01-01T00:00:00Z ",
            IngestConfig.MAX_FUTURE_SKEW_MS, "5000",
            TopicNames.INTERACTIONS, "in",
            TopicNames.INTERACTIONS_DLQ, "dead",
            "bootstrap.servers", "ignored:9092"));
        assertThat(config.applicationId()).isEqualTo("ingest-b");
        assertThat(config.dedupWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.validationLimits()).isEqualTo(new ValidationLimits(32, 4, 100, Instant.parse("2020-01-01T00:00:00Z"),
            Duration.ofSeconds(5)));
        assertThat(config.topics().interactions()).isEqualTo("in");
        assertThat(config.topics().interactionsDlq()).isEqualTo("dead");
        assertThat(config.topics().interactionsValid()).isEqualTo("interactions-valid");
    }

    @Test
    void invalidValuesFailNamingTheKey() {
        assertFailsNaming(IngestConfig.DEDUP_WINDOW_MS, "0");
        assertFailsNaming(IngestConfig.DEDUP_WINDOW_MS, Long.toString(Duration.ofDays(366).toMillis()));
        assertFailsNaming(IngestConfig.DEDUP_WINDOW_MS, "a week");
        assertFailsNaming(IngestConfig.MIN_TIMESTAMP, "2000-01-01");
        assertFailsNaming(IngestConfig.MAX_ID_LENGTH, "0");
        assertFailsNaming(IngestConfig.MAX_CONTEXT_ENTRIES, "-1");
        assertFailsNaming(IngestConfig.MAX_FUTURE_SKEW_MS, "-1");
        assertFailsNaming(IngestConfig.APPLICATION_ID, "");
        assertFailsNaming(TopicNames.INTERACTIONS_VALID, "");
    }

    private static void assertFailsNaming(final String key, final String value) {
        assertThatThrownBy(() -> new IngestConfig(Map.of(key, value)))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining(key);
    }

    @Test
    void everyKeyIsDocumented() {
        assertThat(IngestConfig.CONFIG.configKeys().values())
            .allSatisfy(key -> assertThat(key.documentation).as(key.name).isNotBlank());
        assertThat(IngestConfig.CONFIG.names()).contains(IngestConfig.APPLICATION_ID, IngestConfig.DEDUP_WINDOW_MS,
            IngestConfig.MAX_ID_LENGTH, IngestConfig.MAX_CONTEXT_ENTRIES, IngestConfig.MAX_CONTEXT_CHARS, IngestConfig.MIN_TIMESTAMP,
            IngestConfig.MAX_FUTURE_SKEW_MS, TopicNames.INTERACTIONS, TopicNames.INTERACTIONS_VALID, TopicNames.INTERACTIONS_DLQ);
    }
}
