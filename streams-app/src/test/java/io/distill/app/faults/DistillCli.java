package io.distill.app.faults;

import io.distill.app.Distill;
import io.distill.app.cli.CliContext;
import io.distill.app.cli.ShutdownSignal;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Runs {@code distill} commands in this JVM with the settings of a pipeline in a properties file
 * ({@code --config}), capturing stdout and stderr.
 */
final class DistillCli {
    private final Path config;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    DistillCli(final Map<String, String> settings, final Path dir) throws IOException {
        this.config = dir.resolve("distill-" + System.nanoTime() + ".properties");
        final Properties properties = new Properties();
        properties.putAll(settings);
        try (Writer writer = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            properties.store(writer, "fault test settings");
        }
    }

    /** Runs {@code distill --config <file> args...}; returns the exit code. */
    int run(final String... args) {
        final List<String> all = new ArrayList<>(List.of("--config", config.toString()));
        all.addAll(List.of(args));
        final CliContext context = new CliContext(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true), false,
            InProcessPipeline.CLOCK, new ShutdownSignal());
        return Distill.execute(context, all.toArray(String[]::new));
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    /** The rest of the last stdout line starting with {@code prefix}. */
    Optional<String> lastLine(final String prefix) {
        String found = null;
        for (final String line : out().split("\\R")) {
            if (line.startsWith(prefix)) {
                found = line.substring(prefix.length()).strip();
            }
        }
        return Optional.ofNullable(found);
    }
}
