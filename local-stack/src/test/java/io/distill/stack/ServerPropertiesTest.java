package io.distill.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import kafka.server.KafkaConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerPropertiesTest {
    private static final Path LOG_DIR = Path.of("/var/distill/kafka/data");

    @TempDir
    Path dir;

    @Test
    void bindsAndAdvertisesOnlyTheLoopbackHost() {
        final SortedMap<String, String> props = ServerProperties.build("127.0.0.1", 19092, 19093, LOG_DIR, Map.of());
        assertThat(props).containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
            .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:19092")
            .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093")
            .containsEntry("controller.listener.names", "CONTROLLER")
            .containsEntry("process.roles", "broker,controller")
            .containsEntry("node.id", "1")
            .containsEntry("log.dirs", LOG_DIR.toString());
        assertThat(props.values()).noneMatch(value -> value.contains("0.0.0.0"));
    }

    @Test
    void suitsASingleNodeOnASmallMachine() {
        final SortedMap<String, String> props = ServerProperties.build("127.0.0.1", 9092, 9093, LOG_DIR, Map.of());
        assertThat(props).containsEntry("offsets.topic.replication.factor", "1")
            .containsEntry("transaction.state.log.replication.factor", "1")
            .containsEntry("transaction.state.log.min.isr", "1")
            .containsEntry("share.coordinator.state.topic.replication.factor", "1")
            .containsEntry("share.coordinator.state.topic.min.isr", "1")
            .containsEntry("group.initial.rebalance.delay.ms", "0")
            .containsEntry("auto.create.topics.enable", "false")
            .containsEntry("num.network.threads", "2")
            .containsEntry("num.io.threads", "2");
    }

    @Test
    void bracketsAnIpv6Host() {
        final SortedMap<String, String> props = ServerProperties.build("::1", 9092, 9093, LOG_DIR, Map.of());
        assertThat(props).containsEntry("advertised.listeners", "PLAINTEXT://[::1]:9092")
            .containsEntry("controller.quorum.voters", "1@[::1]:9093");
    }

    @Test
    void overridesComeLast() {
        final SortedMap<String, String> props = ServerProperties.build("127.0.0.1", 9092, 9093, LOG_DIR,
            Map.of("num.io.threads", "4", "log.retention.ms", "60000"));
        assertThat(props).containsEntry("num.io.threads", "4").containsEntry("log.retention.ms", "60000");
    }

    @Test
    void kafkaAcceptsEveryKeyAndValue() {
        final SortedMap<String, String> props = ServerProperties.build("127.0.0.1", 9092, 9093, LOG_DIR, Map.of());
        assertThat(KafkaConfig.configDef().names()).containsAll(props.keySet());
        final Properties properties = new Properties();
        properties.putAll(props);
        final KafkaConfig config = KafkaConfig.fromProps(properties);
        assertThat(config.nodeId()).isEqualTo(1);
        assertThat(config.autoCreateTopicsEnable()).isFalse();
    }

    @Test
    void theFileIsDeterministicAndReadsBackExactly() throws IOException {
        final Path odd = dir.resolve("data dir\\with=odd:chars#and-ü");
        final SortedMap<String, String> props = ServerProperties.build("127.0.0.1", 9092, 9093, odd,
            Map.of("x.leading.space", " v"));
        final Path file = dir.resolve("server.properties");
        ServerProperties.write(file, props);
        final String first = Files.readString(file);
        ServerProperties.write(file, props);
        assertThat(Files.readString(file)).isEqualTo(first);

        final Properties loaded = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            loaded.load(in);
        }
        final Map<String, String> read = new TreeMap<>();
        loaded.stringPropertyNames().forEach(key -> read.put(key, loaded.getProperty(key)));
        assertThat(read).isEqualTo(props);
    }
}
