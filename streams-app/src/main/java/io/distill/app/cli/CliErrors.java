package io.distill.app.cli;

import io.distill.app.Distill;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failed command into an exit code and one line on stderr. A {@link ConfigException} anywhere in the
 * cause chain is a configuration error: exit {@value ExitCode#USAGE}, the message naming the key. Anything
 * else is a failure: exit {@value ExitCode#SOFTWARE}, the messages of the cause chain; the stack trace is
 * logged only with {@code --verbose}. Bad arguments never get here: picocli prints them with the usage.
 */
public final class CliErrors implements IExecutionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CliErrors.class);
    private static final int MAX_CAUSES = 4;

    @Override
    public int handleExecutionException(final Exception exception, final CommandLine commandLine,
                                        final ParseResult parseResult) {
        final String command = commandLine.getCommandSpec().qualifiedName();
        final boolean verbose = Distill.root(commandLine.getCommandSpec()).verbose();
        final ConfigException config = find(exception, ConfigException.class);
        if (config != null) {
            commandLine.getErr().println(command + ": invalid configuration: " + config.getMessage());
            logTrace(verbose, exception);
            return ExitCode.USAGE;
        }
        commandLine.getErr().println(command + ": " + describe(exception)
            + (verbose ? "" : " (--verbose shows the stack trace)"));
        logTrace(verbose, exception);
        return ExitCode.SOFTWARE;
    }

    /**
     * The messages of {@code error} and its causes, joined with ": ", skipping a cause whose message the
     * previous one already contains (Kafka repeats them), and naming the class where there is no message.
     */
    public static String describe(final Throwable error) {
        final List<String> parts = new ArrayList<>();
        Throwable current = error;
        String previous = "";
        for (int depth = 0; current != null && depth < MAX_CAUSES; depth++) {
            final String message = current.getMessage() == null || current.getMessage().isBlank()
                ? current.getClass().getSimpleName() : current.getMessage().strip();
            if (!previous.contains(message)) {
                parts.add(message);
            }
            previous = message;
            current = current.getCause() == current ? null : current.getCause();
        }
        return String.join(": ", parts);
    }

    private static <T extends Throwable> T find(final Throwable error, final Class<T> type) {
        Throwable current = error;
        for (int depth = 0; current != null && depth < 16; depth++) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
            current = current.getCause();
        }
        return null;
    }

    private static void logTrace(final boolean verbose, final Exception exception) {
        if (verbose) {
            LOG.error("Stack trace of the failure", exception);
        }
    }
}
