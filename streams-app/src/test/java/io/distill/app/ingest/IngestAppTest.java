package io.distill.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestAppTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private int run(final String... args) {
        try (PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
             PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8)) {
            return IngestApp.run(args, Map.of(), out, err);
        }
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void argumentsAreParsed() {
        final IngestArguments arguments = IngestArguments.parse("--config", "a.properties", "--set", "x=1", "--set", "y = a=b",
            "--set", "x=2");
        assertThat(arguments.config()).isEqualTo(Path.of("a.properties"));
        assertThat(arguments.overrides()).containsExactly(Map.entry("x", "2"), Map.entry("y", "a=b"));
        assertThat(arguments.help()).isFalse();
        assertThat(IngestArguments.parse().config()).isNull();
        assertThat(IngestArguments.parse("--help").help()).isTrue();
    }

    @Test
    void badArgumentsPrintTheUsageAndExitWith2() {
        for (final List<String> args : List.of(List.of("--bogus"), List.of("--config"), List.of("--set"), List.of("--set", "novalue"),
            List.of("--set", "=v"), List.of("--config", "a", "--config", "b"), List.of("--config", "--set", "a=b"))) {
            errBytes.reset();
            assertThat(run(args.toArray(String[]::new))).as(args.toString()).isEqualTo(2);
            assertThat(err()).as(args.toString()).startsWith("error: ").contains("Usage: distill-ingest");
        }
    }

    @Test
    void helpPrintsTheUsage() {
        assertThat(run("--help")).isZero();
        assertThat(outBytes.toString(StandardCharsets.UTF_8)).contains("--config <file>").contains("--set key=value");
    }

    @Test
    void anInvalidSettingFailsNamingTheKey() {
        assertThat(run("--set", "bootstrap.servers=127.0.0.1:1", "--set", "schema.registry.url=mock://ingest-app-test",
            "--set", "ingest.dedup.window.ms=-5")).isEqualTo(1);
        assertThat(err()).contains("ingest.dedup.window.ms");
    }

    @Test
    void aMissingRequiredSettingFailsNamingTheKey() {
        assertThat(run("--set", "bootstrap.servers=127.0.0.1:1")).isEqualTo(1);
        assertThat(err()).contains("schema.registry.url");
        assertThatThrownBy(() -> new IngestApp(Map.of("schema.registry.url", "mock://ingest-app-test"), CLOCK))
            .isInstanceOf(ConfigException.class).hasMessageContaining("bootstrap.servers");
    }

    @Test
    void aMissingConfigFileFailsNamingTheFile(@TempDir final Path dir) {
        final Path missing = dir.resolve("nope.properties");
        assertThat(run("--config", missing.toString())).isEqualTo(1);
        assertThat(err()).contains("nope.properties");
    }

    @Test
    void theConfigFileIsReadAndSetWins(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("ingest.properties");
        Files.writeString(file, "bootstrap.servers=127.0.0.1:1\nschema.registry.url=mock://ingest-app-test\n"
            + "ingest.dedup.window.ms=1000\n");
        assertThat(run("--config", file.toString(), "--set", "validation.min.timestamp=yesterday")).isEqualTo(1);
        assertThat(err()).contains("validation.min.timestamp").doesNotContain("ingest.dedup.window.ms");
    }

    @Test
    void theStreamsSettingsForceExactlyOnceAndTheApplicationId() {
        try (IngestApp app = new IngestApp(Map.of("bootstrap.servers", "127.0.0.1:1", "schema.registry.url", "mock://ingest-app-test",
            "processing.guarantee", "at_least_once", "application.id", "other", IngestConfig.APPLICATION_ID, "ingest-x"), CLOCK)) {
            assertThat(app.config().applicationId()).isEqualTo("ingest-x");
            assertThat(app.state()).isEqualTo(KafkaStreams.State.CREATED);
            assertThat(app.metrics()).isEmpty();
        }
    }

    @Test
    void aClosedAppCannotStart() {
        final IngestApp app = new IngestApp(Map.of("bootstrap.servers", "127.0.0.1:1", "schema.registry.url", "mock://ingest-app-test"),
            CLOCK);
        app.close();
        app.close();
        assertThatThrownBy(app::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
