package io.distill.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class MetricsConfigTest {

    @Test
    void defaultsToLoopbackAndNoEndpoint() {
        final MetricsConfig config = new MetricsConfig(Map.of("unrelated.key", "x"));

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(MetricsConfig.DISABLED);
        assertThat(config.enabled()).isFalse();
        assertThat(config).hasToString("disabled");
    }

    @Test
    void aProcessChoosesItsDefaultPortAndTheSettingWins() {
        assertThat(new MetricsConfig(Map.of(), 9401).port()).isEqualTo(9401);
        assertThat(new MetricsConfig(Map.of(MetricsConfig.PORT, "0"), 9401).port()).isEqualTo(MetricsConfig.EPHEMERAL);
        final MetricsConfig config = new MetricsConfig(Map.of(MetricsConfig.PORT, " 9500 ", MetricsConfig.HOST, "0.0.0.0"), 9401);
        assertThat(config.port()).isEqualTo(9500);
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.enabled()).isTrue();
        assertThat(config).hasToString("0.0.0.0:9500");
    }

    @Test
    void invalidValuesFailNamingTheKey() {
        assertThatThrownBy(() -> new MetricsConfig(Map.of(MetricsConfig.PORT, "70000")))
            .isInstanceOf(ConfigException.class).hasMessageContaining(MetricsConfig.PORT);
        assertThatThrownBy(() -> new MetricsConfig(Map.of(MetricsConfig.PORT, "-2")))
            .isInstanceOf(ConfigException.class).hasMessageContaining(MetricsConfig.PORT);
        assertThatThrownBy(() -> new MetricsConfig(Map.of(MetricsConfig.PORT, "http")))
            .isInstanceOf(ConfigException.class).hasMessageContaining(MetricsConfig.PORT);
        assertThatThrownBy(() -> new MetricsConfig(Map.of(MetricsConfig.HOST, "")))
            .isInstanceOf(ConfigException.class).hasMessageContaining(MetricsConfig.HOST);
        assertThatThrownBy(() -> new MetricsConfig(Map.of(), 65_536)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theKeysCanBeEmbeddedInAProcesssOwnConfigDef() {
        assertThat(MetricsConfig.CONFIG.names()).containsExactlyInAnyOrder(MetricsConfig.HOST, MetricsConfig.PORT);
        assertThat(MetricsConfig.define(new org.apache.kafka.common.config.ConfigDef(), 9402).defaultValues())
            .containsEntry(MetricsConfig.PORT, 9402).containsEntry(MetricsConfig.HOST, "127.0.0.1");
    }
}
