package io.distill.student.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.schemas.DistillException;
import io.distill.schemas.topics.TopicNames;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

class StudentAppTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    private static final Map<String, String> MINIMAL = Map.of("bootstrap.servers", "127.0.0.1:1",
        "schema.registry.url", "mock://student-app-test");

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private int run(final String... args) {
        try (PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
             PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8)) {
            return StudentMain.run(args, Map.of(), out, err);
        }
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theSettingsNameTheApplicationAndTheTopics() {
        final Map<String, String> props = Map.of("bootstrap.servers", "127.0.0.1:1", "schema.registry.url", "mock://student-app-test",
            StudentConfig.APPLICATION_ID, "student-x", TopicNames.SOFT_LABELS, "labels-x", TopicNames.RECOMMENDATIONS, "recs-x",
            TopicNames.METRICS, "metrics-x", StudentConfig.DIMENSION, "8", "application.id", "ignored");
        try (StudentApp app = new StudentApp(props, CLOCK)) {
            assertThat(app.config().applicationId()).isEqualTo("student-x");
            assertThat(app.config().settings().dimension()).isEqualTo(8);
            assertThat(app.topics().softLabels().name()).isEqualTo("labels-x");
            assertThat(app.topics().recommendations().name()).isEqualTo("recs-x");
            assertThat(app.topics().metrics().name()).isEqualTo("metrics-x");
            assertThat(app.state()).isEqualTo(KafkaStreams.State.CREATED);
            assertThat(app.metrics()).isEmpty();
        }
    }

    @Test
    void anInvalidOrMissingSettingFailsNamingTheKey() {
        assertThatThrownBy(() -> new StudentApp(Map.of("bootstrap.servers", "127.0.0.1:1", "schema.registry.url",
            "mock://student-app-test", StudentConfig.DIMENSION, "0"), CLOCK)).isInstanceOf(ConfigException.class)
            .hasMessageContaining(StudentConfig.DIMENSION);
        assertThatThrownBy(() -> new StudentApp(Map.of("schema.registry.url", "mock://student-app-test"), CLOCK))
            .isInstanceOf(ConfigException.class).hasMessageContaining("bootstrap.servers");
        assertThatThrownBy(() -> new StudentApp(Map.of("bootstrap.servers", "127.0.0.1:1"), CLOCK))
            .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
    }

    @Test
    void aClosedAppCannotStartOrBeQueried() {
        final StudentApp app = new StudentApp(MINIMAL, CLOCK);
        assertThatThrownBy(app::labelsConsumed).isInstanceOf(DistillException.class).hasMessageContaining("not started");
        app.close();
        app.close();
        assertThatThrownBy(app::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> app.updates("u1")).isInstanceOf(DistillException.class).hasMessageContaining("closed");
    }

    @Test
    void theCommandLineTakesConfigAndSetAndExitsWith2OnBadArguments() {
        assertThat(run("--help")).isZero();
        assertThat(outBytes.toString(StandardCharsets.UTF_8)).contains("Usage: distill-student").contains("--config <file>")
            .contains("student.*");
        assertThat(run("--set")).isEqualTo(2);
        assertThat(err()).startsWith("error: --set expects key=value").contains("Usage: distill-student");
        errBytes.reset();
        assertThat(run("--set", "bootstrap.servers=127.0.0.1:1", "--set", "schema.registry.url=mock://student-app-test",
            "--set", "student.top.n=0")).isEqualTo(1);
        assertThat(err()).startsWith("error: invalid configuration").contains("student.top.n");
    }
}
