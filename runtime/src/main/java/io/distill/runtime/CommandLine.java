package io.distill.runtime;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command line every distill service takes: {@code [--config <file>] [--set key=value]... [--help]}.
 * The settings it names are loaded by {@link DistillProperties#load} (file, then {@code DISTILL_*} environment
 * variables, then the {@code --set} pairs).
 *
 * @param config    the properties file, or null for none
 * @param overrides the {@code --set} pairs, in order (a later one for the same key wins)
 * @param help      {@code --help} (or {@code -h}) was given
 */
public record CommandLine(Path config, Map<String, String> overrides, boolean help) {

    public CommandLine {
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }

    /**
     * The usage text of a service.
     *
     * @param command     the command's name, e.g. {@code distill-student}
     * @param description one line saying what it runs
     * @param keys        the kinds of keys its properties file holds, e.g. "Kafka client, Kafka Streams, student.*"
     */
    public static String usage(final String command, final String description, final String keys) {
        return String.join(System.lineSeparator(),
            "Usage: " + command + " [--config <file>] [--set key=value]... [--help]",
            description,
            "  --config <file>    properties file (" + keys + " keys)",
            "  --set key=value    overrides one setting (repeatable; wins over the file and DISTILL_* environment variables)",
            "  --help             prints this help");
    }

    /**
     * Parses the arguments.
     *
     * @throws IllegalArgumentException saying what is wrong with them
     */
    public static CommandLine parse(final String... args) {
        Path config = null;
        final Map<String, String> overrides = new LinkedHashMap<>();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            final String arg = args[i];
            switch (arg) {
                case "--config" -> {
                    if (config != null) {
                        throw new IllegalArgumentException("--config given twice");
                    }
                    config = Path.of(valueOf(args, ++i, "--config", "<file>"));
                }
                case "--set" -> {
                    final String pair = valueOf(args, ++i, "--set", "key=value");
                    final int eq = pair.indexOf('=');
                    if (eq <= 0 || pair.substring(0, eq).isBlank()) {
                        throw new IllegalArgumentException("--set expects key=value, got '" + pair + "'");
                    }
                    overrides.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
                }
                case "--help", "-h" -> help = true;
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        return new CommandLine(config, overrides, help);
    }

    /** The process's settings: the file, then {@code DISTILL_*} variables of {@code env}, then the {@code --set} pairs. */
    public Map<String, String> load(final Map<String, String> env) {
        return DistillProperties.load(config, env, overrides);
    }

    private static String valueOf(final String[] args, final int index, final String option, final String what) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new IllegalArgumentException(option + " expects " + what);
        }
        return args[index];
    }
}
