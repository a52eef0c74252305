package io.distill.app.cli;

import io.distill.app.Distill;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Runs {@code distill} in this JVM with captured output, a given environment and a fixed clock. */
final class CliHarness {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final ShutdownSignal shutdown = new ShutdownSignal();
    private final CliContext context;

    CliHarness() {
        this(Map.of());
    }

    CliHarness(final Map<String, String> env) {
        this(env, Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC));
    }

    CliHarness(final Map<String, String> env, final Clock clock) {
        this.context = new CliContext(env, new PrintWriter(out, true), new PrintWriter(err, true), false, clock,
            shutdown);
    }

    /** Runs the arguments; returns the exit code. */
    int run(final String... args) {
        return Distill.execute(context, args);
    }

    /** Everything written to stdout so far. */
    String out() {
        return out.toString();
    }

    /** Everything written to stderr so far. */
    String err() {
        return err.toString();
    }

    ShutdownSignal shutdown() {
        return shutdown;
    }
}
