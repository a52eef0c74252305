package io.distill.app.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What a command may touch outside its arguments: the environment (for {@code DISTILL_*} settings), its
 * output streams, the clock and the stop signal. {@code main} builds it from the process
 * ({@link #system(ShutdownSignal)}); tests pass their own writers, environment and signal, so commands
 * never reach for {@code System.out}, {@code System.getenv()} or the wall clock directly.
 *
 * @param env            environment variables; only {@code DISTILL_*} ones are read as configuration
 * @param out            the command's data output (JSON lines of {@code tail}, summaries)
 * @param err            diagnostics: errors, usage, progress bars
 * @param interactiveErr whether {@code err} is a terminal, so progress can be redrawn in place
 * @param clock          wall clock for progress and elapsed times
 * @param shutdown       asks long-running commands to stop
 */
public record CliContext(Map<String, String> env, PrintWriter out, PrintWriter err, boolean interactiveErr, Clock clock,
                         ShutdownSignal shutdown) {
    /**
     * System property the {@code ./distill} script sets to {@code true} or {@code false} from {@code [ -t 2 ]};
     * without it, {@code System.console() != null} decides.
     */
    public static final String STDERR_TTY_PROPERTY = "distill.stderr.tty";

    /** Copies the environment. */
    public CliContext {
        env = Map.copyOf(env);
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(shutdown, "shutdown");
    }

    /** The real process: its environment, UTF-8 stdout (flushed by the commands) and stderr, the system clock. */
    public static CliContext system(final ShutdownSignal shutdown) {
        final String tty = System.getProperty(STDERR_TTY_PROPERTY);
        final boolean interactive = tty == null ? System.console() != null : Boolean.parseBoolean(tty);
        return new CliContext(System.getenv(),
            new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), false),
            new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true),
            interactive, Clock.systemUTC(), shutdown);
    }
}
