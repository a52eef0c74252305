package io.distill.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class LocalStackConfigTest {
    @Test
    void defaultsAreTheStandardLocalStack() {
        final LocalStackConfig config = LocalStackConfig.defaults();
        assertThat(config.dir()).isEqualTo(Path.of("./.distill"));
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.kafkaPort()).isEqualTo(9092);
        assertThat(config.controllerPort()).isEqualTo(9093);
        assertThat(config.registryPort()).isEqualTo(8081);
        assertThat(config.registryTopic()).isEqualTo("_schemas");
        assertThat(config.startupTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void brokerSettingsFollowTheConfig() {
        final LocalStackConfig config = new LocalStackConfig(Map.of(LocalStackConfig.DIR_CONFIG, "/srv/stack",
            LocalStackConfig.KAFKA_PORT_CONFIG, "29092", LocalStackConfig.CONTROLLER_PORT_CONFIG, "0",
            LocalStackConfig.HOST_CONFIG, "localhost", LocalStackConfig.STARTUP_TIMEOUT_MS_CONFIG, "5000"));
        final KafkaBroker.Settings settings = config.brokerSettings();
        assertThat(settings.dataDir()).isEqualTo(Path.of("/srv/stack/kafka"));
        assertThat(settings.port()).isEqualTo(29092);
        assertThat(settings.controllerPort()).isZero();
        assertThat(settings.host()).isEqualTo("localhost");
        assertThat(settings.startupTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void acceptsLoopbackHosts() {
        for (final String host : new String[] {"127.0.0.1", "127.0.0.2", "::1", "localhost"}) {
            assertThat(new LocalStackConfig(Map.of(LocalStackConfig.HOST_CONFIG, host)).host()).isEqualTo(host);
        }
    }

    @Test
    void rejectsANonLoopbackHostNamingTheKey() {
        for (final String host : new String[] {"0.0.0.0", "192.0.2.10", "::", "example.invalid", ""}) {
            assertThatThrownBy(() -> new LocalStackConfig(Map.of(LocalStackConfig.HOST_CONFIG, host)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(LocalStackConfig.HOST_CONFIG)
                .hasMessageContaining("loopback");
        }
    }

    @Test
    void rejectsBadPortsNamingTheKey() {
        assertThatThrownBy(() -> new LocalStackConfig(Map.of(LocalStackConfig.KAFKA_PORT_CONFIG, "70000")))
            .isInstanceOf(ConfigException.class).hasMessageContaining(LocalStackConfig.KAFKA_PORT_CONFIG);
        assertThatThrownBy(() -> new LocalStackConfig(Map.of(LocalStackConfig.REGISTRY_PORT_CONFIG, "-1")))
            .isInstanceOf(ConfigException.class).hasMessageContaining(LocalStackConfig.REGISTRY_PORT_CONFIG);
        assertThatThrownBy(() -> new LocalStackConfig(Map.of(LocalStackConfig.KAFKA_PORT_CONFIG, "9093")))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining(LocalStackConfig.KAFKA_PORT_CONFIG)
            .hasMessageContaining(LocalStackConfig.CONTROLLER_PORT_CONFIG);
        assertThatThrownBy(() -> new LocalStackConfig(Map.of(LocalStackConfig.STARTUP_TIMEOUT_MS_CONFIG, "0")))
            .isInstanceOf(ConfigException.class).hasMessageContaining(LocalStackConfig.STARTUP_TIMEOUT_MS_CONFIG);
    }

    @Test
    void portZeroMeansPickOneAndMayRepeat() {
        final LocalStackConfig config = new LocalStackConfig(Map.of(LocalStackConfig.KAFKA_PORT_CONFIG, 0,
            LocalStackConfig.CONTROLLER_PORT_CONFIG, 0, LocalStackConfig.REGISTRY_PORT_CONFIG, 0));
        assertThat(config.kafkaPort()).isZero();
        assertThat(config.registryPort()).isZero();
    }

    @Test
    void everyKeyIsDocumented() {
        assertThat(LocalStackConfig.configDef().configKeys().values())
            .allSatisfy(key -> assertThat(key.documentation).isNotBlank());
    }

    @Test
    void brokerSettingsRejectANonLoopbackHostToo() {
        assertThatThrownBy(() -> KafkaBroker.Settings.defaults(Path.of("x")).withHost("0.0.0.0"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
    }

    @Test
    void namesTheFirstFixedPortSomethingAlreadyListensOn() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            final LocalStackConfig config = new LocalStackConfig(Map.of(LocalStackConfig.KAFKA_PORT_CONFIG, "0",
                LocalStackConfig.CONTROLLER_PORT_CONFIG, "0", LocalStackConfig.REGISTRY_PORT_CONFIG,
                String.valueOf(taken.getLocalPort())));
            assertThat(config.firstPortInUse()).contains(LocalStackConfig.REGISTRY_PORT_CONFIG);
            assertThat(config.port(LocalStackConfig.REGISTRY_PORT_CONFIG)).isEqualTo(taken.getLocalPort());
        }
        final LocalStackConfig free = new LocalStackConfig(Map.of(LocalStackConfig.KAFKA_PORT_CONFIG, "0",
            LocalStackConfig.CONTROLLER_PORT_CONFIG, "0", LocalStackConfig.REGISTRY_PORT_CONFIG, "0"));
        assertThat(free.firstPortInUse()).isEmpty();
    }
}
