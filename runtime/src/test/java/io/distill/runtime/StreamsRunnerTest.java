package io.distill.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.schemas.DistillException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;

class StreamsRunnerTest {
    private static final Map<String, String> PROPS = Map.of("bootstrap.servers", "127.0.0.1:1", "processing.guarantee",
        "at_least_once", "application.id", "other", "student.dimension", "8", "commit.interval.ms", "250");

    @Test
    void theSettingsPassThroughWithTheApplicationIdAndExactlyOnceForced() {
        try (StreamsRunner runner = new StreamsRunner("test", "app-x", PROPS)) {
            assertThat(runner.applicationId()).isEqualTo("app-x");
            assertThat(runner.streamsSettings())
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "app-x")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "250")
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1")
                .doesNotContainKey("student.dimension");
            assertThat(runner.state()).isEqualTo(KafkaStreams.State.CREATED);
            assertThat(runner.metrics()).isEmpty();
        }
    }

    @Test
    void closingLeavesTheGroupUnlessTheMembershipIsStatic() {
        try (StreamsRunner dynamic = new StreamsRunner("test", "app-x", PROPS)) {
            assertThat(dynamic.membershipOnClose()).isEqualTo(GroupMembershipOperation.LEAVE_GROUP);
        }
        for (final String key : List.of("group.instance.id", "consumer.group.instance.id", "main.consumer.group.instance.id")) {
            try (StreamsRunner fixed = new StreamsRunner("test", "app-x", Map.of("bootstrap.servers", "127.0.0.1:1", key, "student-1"))) {
                assertThat(fixed.membershipOnClose()).as(key).isEqualTo(GroupMembershipOperation.REMAIN_IN_GROUP);
            }
        }
    }

    @Test
    void anInvalidStreamsSettingFailsNamingTheKey() {
        assertThatThrownBy(() -> new StreamsRunner("test", "app-x", Map.of("application.id", "x")))
            .isInstanceOf(ConfigException.class).hasMessageContaining("bootstrap.servers");
        assertThatThrownBy(() -> new StreamsRunner("test", "app-x", Map.of("bootstrap.servers", "127.0.0.1:1",
            "num.stream.threads", "many"))).isInstanceOf(ConfigException.class).hasMessageContaining("num.stream.threads");
        assertThatThrownBy(() -> new StreamsRunner("test", "app-x", Map.of("bootstrap.servers", "127.0.0.1:1",
            ThreadRecovery.REPLACEMENTS, "-1"))).isInstanceOf(ConfigException.class).hasMessageContaining(ThreadRecovery.REPLACEMENTS);
    }

    @Test
    void aClosedRunnerCannotStartAndClosingTwiceIsHarmless() throws Exception {
        final StreamsRunner runner = new StreamsRunner("test", "app-x", PROPS);
        runner.close();
        runner.close();
        assertThat(runner.awaitTermination(Duration.ZERO)).isTrue();
        assertThatThrownBy(() -> runner.start(new Topology(), List.of())).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("test").hasMessageContaining("closed");
    }

    @Test
    void storesCannotBeQueriedBeforeStartOrAfterClose() {
        final StreamsRunner runner = new StreamsRunner("test", "app-x", PROPS);
        assertThatThrownBy(() -> runner.store("s", Duration.ofSeconds(1))).isInstanceOf(DistillException.class)
            .hasMessageContaining("store s").hasMessageContaining("not started");
        runner.close();
        assertThatThrownBy(() -> runner.store("s", 0, Duration.ofSeconds(1))).isInstanceOf(DistillException.class)
            .hasMessageContaining("closed");
        assertThatThrownBy(() -> runner.activePartitions(Duration.ofSeconds(1))).isInstanceOf(DistillException.class)
            .hasMessageContaining("closed");
    }
}
