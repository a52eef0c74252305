package io.distill.runtime;

import io.distill.schemas.DistillException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The {@code main} of a distill Streams service, without the exit: parses the {@link CommandLine}, loads the
 * settings, builds the service, closes it from a shutdown hook on SIGTERM, starts it and waits until it stops.
 *
 * <p>Exit codes: {@value #EXIT_OK} after {@code --help} or when Kafka Streams stopped without error,
 * {@value #EXIT_FAILED} failed (configuration, missing topics, fatal processing error), {@value #EXIT_USAGE} bad
 * arguments (the usage is printed).
 */
public final class ServiceMain {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;

    private static final Duration WAIT_SLICE = Duration.ofHours(1);

    private ServiceMain() {
    }

    /**
     * Runs a service until it stops.
     *
     * @param args    the command line
     * @param env     the environment ({@code DISTILL_*} variables are settings)
     * @param out     where {@code --help} prints
     * @param err     where errors and the usage after bad arguments print
     * @param usage   the usage text ({@link CommandLine#usage})
     * @param name    what runs, for the shutdown hook's thread name
     * @param factory builds the service from the settings; a {@link ConfigException} or {@link DistillException}
     *                it throws is reported as an invalid configuration
     * @return the exit code
     */
    public static int run(final String[] args, final Map<String, String> env, final PrintStream out, final PrintStream err,
                          final String usage, final String name, final Function<Map<String, String>, ? extends StreamsService> factory) {
        final CommandLine commandLine;
        try {
            commandLine = CommandLine.parse(args);
        } catch (final IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(usage);
            return EXIT_USAGE;
        }
        if (commandLine.help()) {
            out.println(usage);
            return EXIT_OK;
        }
        final StreamsService service;
        try {
            service = factory.apply(commandLine.load(env));
        } catch (final ConfigException | DistillException e) {
            err.println("error: invalid configuration: " + e.getMessage());
            return EXIT_FAILED;
        }
        final Thread hook = new Thread(service::close, "distill-" + name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            service.start();
            while (!service.awaitTermination(WAIT_SLICE)) {
                // still running: keep waiting
            }
            return service.state() == KafkaStreams.State.ERROR ? EXIT_FAILED : EXIT_OK;
        } catch (final DistillException | KafkaException e) {
            err.println("error: " + e.getMessage());
            return EXIT_FAILED;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_FAILED;
        } finally {
            service.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (final IllegalStateException shuttingDown) {
                // the JVM is already stopping and runs the hook itself
            }
        }
    }
}
