package io.distill.app.ingest;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command line of {@link IngestApp#main}: {@code [--config <file>] [--set key=value]... [--help]}.
 *
 * @param config    the properties file, or null for none
 * @param overrides the {@code --set} pairs, in order (a later one for the same key wins)
 * @param help      {@code --help} was given
 */
record IngestArguments(Path config, Map<String, String> overrides, boolean help) {

    static final String USAGE = String.join(System.lineSeparator(),
        "Usage: distill-ingest [--config <file>] [--set key=value]... [--help]",
        "Runs the ingest: validates, de-duplicates and dead-letters the interactions topic.",
        "  --config <file>    properties file (Kafka client, Kafka Streams, schema registry, ingest.*, validation.*, topic.* keys)",
        "  --set key=value    overrides one setting (repeatable; wins over the file and DISTILL_* environment variables)",
        "  --help             prints this help");

    IngestArguments {
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }

    /**
     * @throws IllegalArgumentException saying what is wrong with the arguments
     */
    static IngestArguments parse(final String... args) {
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
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--set expects key=value, got '" + pair + "'");
                    }
                    overrides.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
                }
                case "--help", "-h" -> help = true;
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        return new IngestArguments(config, overrides, help);
    }

    private static String valueOf(final String[] args, final int index, final String option, final String what) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new IllegalArgumentException(option + " expects " + what);
        }
        return args[index];
    }
}
