package io.distill.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.schemas.topics.TopicNames;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class EdgeConfigTest {

    @Test
    void defaultsAreLoopback8080AndTheDesignsTopicNames() {
        final EdgeConfig config = EdgeConfig.defaults();

        assertThat(config.httpHost()).isEqualTo("127.0.0.1");
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.httpThreads()).isEqualTo(4);
        assertThat(config.applicationId()).isEqualTo("distill-edge");
        assertThat(config.topics()).isEqualTo(TopicNames.DEFAULT);
    }

    @Test
    void settingsOverrideTheDefaultsAndUnknownKeysAreIgnored() {
        final EdgeConfig config = new EdgeConfig(Map.of(EdgeConfig.HTTP_HOST, "0.0.0.0", EdgeConfig.HTTP_PORT, "0",
            EdgeConfig.HTTP_THREADS, "2", EdgeConfig.APPLICATION_ID, "edge-2", TopicNames.RECOMMENDATIONS, "recs-v2",
            "bootstrap.servers", "broker:9092", "ingest.application.id", "other"));

        assertThat(config.httpHost()).isEqualTo("0.0.0.0");
        assertThat(config.httpPort()).isZero();
        assertThat(config.httpThreads()).isEqualTo(2);
        assertThat(config.applicationId()).isEqualTo("edge-2");
        assertThat(config.topics().recommendations()).isEqualTo("recs-v2");
    }

    @Test
    void invalidValuesFailNamingTheKey() {
        assertThatThrownBy(() -> new EdgeConfig(Map.of(EdgeConfig.HTTP_PORT, "65536")))
            .isInstanceOf(ConfigException.class).hasMessageContaining(EdgeConfig.HTTP_PORT);
        assertThatThrownBy(() -> new EdgeConfig(Map.of(EdgeConfig.HTTP_PORT, "-1")))
            .isInstanceOf(ConfigException.class).hasMessageContaining(EdgeConfig.HTTP_PORT);
        assertThatThrownBy(() -> new EdgeConfig(Map.of(EdgeConfig.HTTP_HOST, "")))
            .isInstanceOf(ConfigException.class).hasMessageContaining(EdgeConfig.HTTP_HOST);
        assertThatThrownBy(() -> new EdgeConfig(Map.of(EdgeConfig.HTTP_THREADS, "0")))
            .isInstanceOf(ConfigException.class).hasMessageContaining(EdgeConfig.HTTP_THREADS);
        assertThatThrownBy(() -> new EdgeConfig(Map.of(EdgeConfig.APPLICATION_ID, "")))
            .isInstanceOf(ConfigException.class).hasMessageContaining(EdgeConfig.APPLICATION_ID);
        assertThatThrownBy(() -> new EdgeConfig(Map.of(TopicNames.RECOMMENDATIONS, "")))
            .isInstanceOf(ConfigException.class).hasMessageContaining(TopicNames.RECOMMENDATIONS);
    }
}
