package io.distill.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.app.Distill;
import io.distill.app.cli.CliContext;
import io.distill.app.cli.ShutdownSignal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code distill replay} and {@code distill checksum} arguments, refused before anything connects. */
class ReplayCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args) {
        final CliContext context = new CliContext(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true), false,
            Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC), new ShutdownSignal());
        return Distill.execute(context, args);
    }

    @Test
    void theStageIsRequired() {
        assertThat(run("replay")).isEqualTo(2);
        assertThat(err.toString()).contains("--stage");
    }

    @Test
    void anUnknownStageIsAUsageError() {
        assertThat(run("replay", "--stage", "teacher")).isEqualTo(2);
        assertThat(err.toString()).contains("student", "all");
    }

    @Test
    void aTimestampThatIsNotIso8601IsAUsageError() {
        assertThat(run("replay", "--stage", "student", "--from-timestamp", "yesterday")).isEqualTo(2);
        assertThat(err.toString()).contains("--from-timestamp", "ISO-8601");
    }

    @Test
    void fromTheBeginningAndFromATimestampExcludeEachOther() {
        assertThat(run("replay", "--stage", "all", "--from-beginning", "--from-timestamp", "2024-01-01T00:00:00Z")).isEqualTo(2);
        assertThat(err.toString()).contains("exclude each other");
    }

    @Test
    void aNameThatCannotBePartOfATopicNameIsAConfigurationError() {
        assertThat(run("replay", "--stage", "student", "--name", "a/b")).isEqualTo(2);
        assertThat(err.toString()).contains("--name");
    }

    @Test
    void bothCommandsAreListedWithTheirOptions() {
        assertThat(run("replay", "--help")).isZero();
        assertThat(out.toString()).contains("--stage", "--from-timestamp", "--name", "--timeout");
        assertThat(run("checksum", "--help")).isZero();
        assertThat(out.toString()).contains("--application-id", "sha256:<hex>");
    }
}
