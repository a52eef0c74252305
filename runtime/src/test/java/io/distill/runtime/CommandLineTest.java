package io.distill.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {

    @Test
    void parsesConfigSetPairsAndHelp() {
        final CommandLine line = CommandLine.parse("--config", "a.properties", "--set", "x=1", "--set", "y = a=b", "--set", "x=2");
        assertThat(line.config()).isEqualTo(Path.of("a.properties"));
        assertThat(line.overrides()).containsExactly(Map.entry("x", "2"), Map.entry("y", "a=b"));
        assertThat(line.help()).isFalse();
        assertThat(CommandLine.parse().config()).isNull();
        assertThat(CommandLine.parse().overrides()).isEmpty();
        assertThat(CommandLine.parse("--help").help()).isTrue();
        assertThat(CommandLine.parse("-h").help()).isTrue();
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        final Map<List<String>, String> cases = Map.of(
            List.of("--bogus"), "unknown argument '--bogus'",
            List.of("--config"), "--config expects <file>",
            List.of("--set"), "--set expects key=value",
            List.of("--set", "novalue"), "got 'novalue'",
            List.of("--set", "=v"), "got '=v'",
            List.of("--set", " =v"), "got ' =v'",
            List.of("--config", "a", "--config", "b"), "--config given twice",
            List.of("--config", "--set", "a=b"), "--config expects <file>");
        cases.forEach((args, message) -> assertThatThrownBy(() -> CommandLine.parse(args.toArray(String[]::new)))
            .as(args.toString()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message));
    }

    @Test
    void theUsageNamesTheCommandAndItsOptions() {
        final String usage = CommandLine.usage("distill-x", "Runs x.", "x.* and Kafka client");
        assertThat(usage).startsWith("Usage: distill-x [--config <file>] [--set key=value]... [--help]")
            .contains("Runs x.").contains("(x.* and Kafka client keys)").contains("--help");
    }

    @Test
    void loadsTheFileThenTheEnvironmentThenTheSetPairs(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("x.properties");
        Files.writeString(file, "a=file\nb=file\nc=file\n");
        final CommandLine line = CommandLine.parse("--config", file.toString(), "--set", "c=set");
        assertThat(line.load(Map.of("DISTILL_B", "env", "DISTILL_C", "env", "OTHER", "ignored")))
            .containsExactly(Map.entry("a", "file"), Map.entry("b", "env"), Map.entry("c", "set"));
    }
}
