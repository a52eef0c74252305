package io.distill.app;

import io.distill.app.cli.BenchCommand;
import io.distill.app.cli.ChecksumCommand;
import io.distill.app.cli.CliContext;
import io.distill.app.cli.CliErrors;
import io.distill.app.cli.CliLogging;
import io.distill.app.cli.ConfigCommand;
import io.distill.app.cli.DemoCommand;
import io.distill.app.cli.EdgeCommand;
import io.distill.app.cli.EvaluateCommand;
import io.distill.app.cli.IngestCommand;
import io.distill.app.cli.ManifestVersionProvider;
import io.distill.app.cli.ProduceCommand;
import io.distill.app.cli.ReplayCommand;
import io.distill.app.cli.ShutdownSignal;
import io.distill.app.cli.StudentCommand;
import io.distill.app.cli.TailCommand;
import io.distill.app.cli.TeacherCommand;
import io.distill.app.cli.TopicsCommand;
import io.distill.app.cli.UpCommand;
import io.distill.runtime.ClientSettings;
import io.distill.runtime.DistillProperties;
import io.distill.schemas.registry.SchemaRegistryClientConfig;
import io.distill.stack.LocalStackConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code distill} command line: global options, the subcommands, and {@link #main}, the only place that
 * exits the JVM.
 *
 * <p>Configuration is one map of string settings, {@link #config()}: a properties file ({@code --config}),
 * overridden by {@code DISTILL_*} environment variables, overridden by {@code --set key=value}; {@code --dir}
 * sets {@code local.stack.dir}. Standard Kafka client keys pass through to every client, distill's own keys
 * ({@code topic.*}, {@code local.stack.*}, {@code schema.registry.*}) are parsed by their owners, which name
 * the key of a bad value.
 *
 * <p>Exit codes: 0 success; 1 failure (message on stderr, stack trace with {@code --verbose}); 2 bad
 * arguments (message and the command's usage) or a bad configuration value (one line naming the key).
 *
 * <p>To add a subcommand, write a picocli {@code @Command} class in {@code io.distill.app.cli} that
 * implements {@code Callable<Integer>}, reaches this object with {@link #root(CommandSpec)} (configuration,
 * {@link CliContext}) and writes through the context's writers; then list it in {@code subcommands} below.
 */
@Command(name = "distill", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
    versionProvider = ManifestVersionProvider.class, sortOptions = false, usageHelpAutoWidth = true,
    description = "Streaming online distillation for recommendations on Kafka.",
    subcommands = {UpCommand.class, DemoCommand.class, ProduceCommand.class, TailCommand.class, EvaluateCommand.class,
        TopicsCommand.class, ConfigCommand.class, IngestCommand.class, TeacherCommand.class, StudentCommand.class,
        EdgeCommand.class, ReplayCommand.class, ChecksumCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Configuration: --config file < DISTILL_* environment (DISTILL_BOOTSTRAP_SERVERS is"
        + " bootstrap.servers) < --set. Clients default to the local stack: bootstrap.servers=" + Distill.DEFAULT_BOOTSTRAP_SERVERS
        + ", schema.registry.url=" + Distill.DEFAULT_REGISTRY_URL + "."})
public final class Distill implements Callable<Integer> {
    /** Kafka address used when no configuration names one: the local stack's. */
    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
    /** Schema registry used when no configuration names one: the local stack's. */
    public static final String DEFAULT_REGISTRY_URL = "http://localhost:8081";

    private static final Logger LOG = LoggerFactory.getLogger(Distill.class);
    /** How long JVM shutdown waits for a command to close its clients or local stack. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
        description = "Properties file with settings (Kafka client keys, topic.*, local.stack.*, schema.registry.*).")
    private Path configFile;

    /** {@code --set} values, in order; the later of two values for a key wins. */
    private final Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
        description = "Local stack data directory, relative to the working directory (default: "
            + LocalStackConfig.DIR_DEFAULT + "); same as --set " + LocalStackConfig.DIR_CONFIG + "=DIR.")
    private Path dir;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
        description = "Debug logging for distill, and stack traces of failures.")
    private boolean verbose;

    /**
     * {@code --set}. A setter, not a map field, because picocli gives an inherited option given after the
     * subcommand a fresh map: {@code distill --set a=1 up --set b=2} must keep both.
     */
    @Option(names = "--set", paramLabel = "KEY=VALUE", scope = ScopeType.INHERIT,
        description = "A setting that overrides the file and the environment; repeatable.")
    private void set(final Map<String, String> values) {
        settings.putAll(values);
    }

    /** The top command, writing to and reading from {@code context}. */
    public Distill(final CliContext context) {
        this.context = context;
    }

    /** Runs the command line and exits with its exit code. */
    public static void main(final String[] args) {
        final ShutdownSignal shutdown = ShutdownSignal.installJvmHook(SHUTDOWN_GRACE);
        final int code = execute(CliContext.system(shutdown), args);
        shutdown.finished();
        System.exit(code);
    }

    /** Parses and runs {@code args} in this JVM; returns the exit code (never exits). */
    public static int execute(final CliContext context, final String... args) {
        try {
            return commandLine(context).execute(args);
        } finally {
            context.out().flush();
            context.err().flush();
        }
    }

    /** The configured picocli command line: writers of {@code context}, error handling and exit codes. */
    public static CommandLine commandLine(final CliContext context) {
        final CommandLine commandLine = new CommandLine(new Distill(context));
        commandLine.setOut(context.out());
        commandLine.setErr(context.err());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler(new CliErrors());
        commandLine.setExecutionStrategy(parseResult -> {
            if (root(parseResult.commandSpec()).verbose) {
                CliLogging.enableDebug();
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        return commandLine;
    }

    /** The {@code Distill} at the root of {@code spec}'s command hierarchy, for subcommands at any depth. */
    public static Distill root(final CommandSpec spec) {
        CommandSpec current = spec;
        while (current.parent() != null) {
            current = current.parent();
        }
        return (Distill) current.userObject();
    }

    /** {@code distill} alone: a usage error (exit 2) listing the subcommands. */
    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    /** Where commands write and what they may read besides their options. */
    public CliContext context() {
        return context;
    }

    /** Whether {@code --verbose} was given. */
    public boolean verbose() {
        return verbose;
    }

    /**
     * The effective settings, sorted by key: {@code --config} file, then {@code DISTILL_*} environment, then
     * {@code --set}, then {@code --dir}; {@code bootstrap.servers} and {@code schema.registry.url} default to the
     * local stack's addresses.
     *
     * @throws ConfigException if the {@code --config} file does not exist
     */
    public Map<String, String> config() {
        if (configFile != null && !Files.isRegularFile(configFile)) {
            throw new ConfigException("--config", configFile.toString(), "no such file");
        }
        final Map<String, String> overrides = new LinkedHashMap<>(settings);
        if (dir != null) {
            overrides.put(LocalStackConfig.DIR_CONFIG, dir.toString());
        }
        final Map<String, String> merged = new TreeMap<>(DistillProperties.load(configFile, context.env(), overrides));
        merged.putIfAbsent(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, DEFAULT_BOOTSTRAP_SERVERS);
        merged.putIfAbsent(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL_CONFIG, DEFAULT_REGISTRY_URL);
        LOG.debug("Effective configuration: {}", ClientSettings.redacted(merged));
        return merged;
    }
}
