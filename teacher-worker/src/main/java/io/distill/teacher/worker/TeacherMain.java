package io.distill.teacher.worker;

import io.distill.runtime.ClientSettings;
import io.distill.runtime.DistillProperties;
import io.distill.schemas.DistillException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The teacher worker as a process:
 * {@code java -cp ... io.distill.teacher.worker.TeacherMain [--config teacher.properties] [--set key=value]...}.
 * Settings come from the file, then {@code DISTILL_*} environment variables, then {@code --set} pairs (each
 * overriding the one before; see {@link DistillProperties}). It runs until SIGTERM/SIGINT, which stop it
 * cleanly (the transaction in progress is finished, the clients closed).
 *
 * <p>Exit codes: 0 stopped on request, 1 failed, 2 bad arguments or configuration, 3 fenced (another
 * instance with the same {@code teacher.transactional.id} took over).
 */
public final class TeacherMain {
    private static final Logger LOG = LoggerFactory.getLogger(TeacherMain.class);

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_FENCED = 3;

    static final String USAGE = String.join(System.lineSeparator(),
        "usage: TeacherMain [--config <file>] [--set <key>=<value>]...",
        "  --config <file>      properties file (Kafka client settings, schema.registry.url, teacher.*, topic.*)",
        "  --set <key>=<value>  a setting overriding the file and DISTILL_* environment variables (repeatable)",
        "  --help               this text",
        "Environment: DISTILL_BOOTSTRAP_SERVERS=... is bootstrap.servers (one '_' = '.', '__' = '_', '___' = '-').",
        "Exit codes: 0 stopped, 1 failed, 2 bad arguments or configuration, 3 fenced by another instance.");

    private TeacherMain() {
    }

    /** Parsed command line. */
    record Arguments(Optional<Path> config, Map<String, String> overrides, boolean help) {
    }

    public static void main(final String[] args) {
        final Optional<Integer> exit = execute(args, System.getenv(), System.err);
        // Empty: the JVM is already shutting down (SIGTERM), and exit() would block on the running hooks.
        exit.ifPresent(System::exit);
    }

    /**
     * Runs the worker with the given command line and environment until it stops.
     *
     * @return the exit code, or empty if the JVM is shutting down (the worker was stopped by a signal)
     */
    static Optional<Integer> execute(final String[] args, final Map<String, String> env, final PrintStream err) {
        final Arguments arguments;
        try {
            arguments = parse(List.of(args));
        } catch (final IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return Optional.of(EXIT_USAGE);
        }
        if (arguments.help()) {
            err.println(USAGE);
            return Optional.of(EXIT_OK);
        }
        final TeacherWorker worker;
        try {
            final Map<String, String> settings = DistillProperties.load(arguments.config().orElse(null), env, arguments.overrides());
            final TeacherConfig config = new TeacherConfig(settings);
            LOG.info("teacher worker configuration: {}", ClientSettings.redacted(settings));
            LOG.info("teacher settings: {}", config.teacherSettings());
            worker = new TeacherWorker(config, Clock.systemUTC());
        } catch (final ConfigException | DistillException e) {
            err.println("error: invalid configuration: " + e.getMessage());
            return Optional.of(EXIT_USAGE);
        }
        final Thread hook = new Thread(worker::close, "distill-teacher-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        worker.run();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (final IllegalStateException e) {
            return Optional.empty();
        }
        worker.close();
        return Optional.of(switch (worker.state()) {
            case FAILED -> EXIT_FAILED;
            case FENCED -> EXIT_FENCED;
            default -> EXIT_OK;
        });
    }

    /**
     * Parses {@code --config <file>}, {@code --set key=value} (repeatable) and {@code --help}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static Arguments parse(final List<String> args) {
        Path config = null;
        final Map<String, String> overrides = new LinkedHashMap<>();
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            final String arg = args.get(i);
            switch (arg) {
                case "--help", "-h" -> help = true;
                case "--config" -> {
                    if (config != null) {
                        throw new IllegalArgumentException("--config given twice");
                    }
                    config = Path.of(value(args, ++i, arg));
                }
                case "--set" -> {
                    final String pair = value(args, ++i, arg);
                    final int eq = pair.indexOf('=');
                    if (eq <= 0 || pair.substring(0, eq).isBlank()) {
                        throw new IllegalArgumentException("--set expects key=value, got '" + pair + "'");
                    }
                    overrides.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
                }
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        return new Arguments(Optional.ofNullable(config), Map.copyOf(overrides), help);
    }

    private static String value(final List<String> args, final int index, final String option) {
        if (index >= args.size() || args.get(index).startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(index);
    }
}
