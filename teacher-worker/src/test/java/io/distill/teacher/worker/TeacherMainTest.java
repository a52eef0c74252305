package io.distill.teacher.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TeacherMainTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

    @Test
    void parsesConfigAndRepeatedSets() {
        final TeacherMain.Arguments args = TeacherMain.parse(List.of("--config", "teacher.properties", "--set", "a.b=1",
            "--set", "teacher.lambda = 50", "--set", "sasl.jaas.config=x=y;"));
        assertThat(args.config()).contains(Path.of("teacher.properties"));
        assertThat(args.overrides()).containsExactlyInAnyOrderEntriesOf(Map.of("a.b", "1", "teacher.lambda", "50",
            "sasl.jaas.config", "x=y;"));
        assertThat(args.help()).isFalse();
    }

    @Test
    void rejectsWhatItDoesNotUnderstand() {
        assertThatThrownBy(() -> TeacherMain.parse(List.of("--bogus"))).hasMessageContaining("--bogus");
        assertThatThrownBy(() -> TeacherMain.parse(List.of("--config"))).hasMessageContaining("--config needs a value");
        assertThatThrownBy(() -> TeacherMain.parse(List.of("--set", "--config", "x"))).hasMessageContaining("--set needs a value");
        assertThatThrownBy(() -> TeacherMain.parse(List.of("--set", "novalue"))).hasMessageContaining("key=value");
        assertThatThrownBy(() -> TeacherMain.parse(List.of("--set", "=1"))).hasMessageContaining("key=value");
        assertThatThrownBy(() -> TeacherMain.parse(List.of("--config", "a", "--config", "b"))).hasMessageContaining("twice");
    }

    @Test
    void badArgumentsPrintUsageAndExitWithTwo() {
        assertThat(TeacherMain.execute(new String[] {"--nope"}, Map.of(), errStream)).isEqualTo(Optional.of(2));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown argument '--nope'", "usage: TeacherMain");
    }

    @Test
    void helpPrintsUsageAndExitsWithZero() {
        assertThat(TeacherMain.execute(new String[] {"--help"}, Map.of(), errStream)).isEqualTo(Optional.of(0));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--config <file>", "--set <key>=<value>");
    }

    @Test
    void anInvalidSettingExitsWithTwoNamingTheKey() {
        final String[] args = {"--set", "bootstrap.servers=localhost:9092", "--set", "schema.registry.url=http://localhost:8081",
            "--set", "teacher.lambda=-1"};
        assertThat(TeacherMain.execute(args, Map.of(), errStream)).isEqualTo(Optional.of(2));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("invalid configuration", "teacher.lambda");
    }

    @Test
    void environmentVariablesAreSettingsToo() {
        final Map<String, String> env = Map.of("DISTILL_BOOTSTRAP_SERVERS", "localhost:9092",
            "DISTILL_SCHEMA_REGISTRY_URL", "http://localhost:8081", "DISTILL_TEACHER_TOP_K", "0");
        assertThat(TeacherMain.execute(new String[0], env, errStream)).isEqualTo(Optional.of(2));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("teacher.top.k");
    }

    @Test
    void missingClusterOrRegistryAddressesExitWithTwo() {
        assertThat(TeacherMain.execute(new String[0], Map.of(), errStream)).isEqualTo(Optional.of(2));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("bootstrap.servers");
        err.reset();
        assertThat(TeacherMain.execute(new String[] {"--set", "bootstrap.servers=localhost:9092"}, Map.of(), errStream))
            .isEqualTo(Optional.of(2));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("schema.registry.url");
    }

    @Test
    void aMissingConfigFileExitsWithTwo() {
        assertThat(TeacherMain.execute(new String[] {"--config", "does-not-exist.properties"}, Map.of(), errStream))
            .isEqualTo(Optional.of(2));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("does-not-exist.properties");
    }
}
