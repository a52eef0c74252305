package io.distill.app.ingest;

import io.distill.runtime.CommandLine;
import java.nio.file.Path;
import java.util.Map;

/**
 * The command line of {@link IngestApp#main}: {@code [--config <file>] [--set key=value]... [--help]}, parsed as
 * every distill service's ({@link CommandLine}).
 *
 * @param config    the properties file, or null for none
 * @param overrides the {@code --set} pairs, in order (a later one for the same key wins)
 * @param help      {@code --help} was given
 */
record IngestArguments(Path config, Map<String, String> overrides, boolean help) {

    static final String USAGE = CommandLine.usage("distill-ingest",
        "Runs the ingest: validates, de-duplicates and dead-letters the interactions topic.",
        "Kafka client, Kafka Streams, schema registry, ingest.*, validation.*, topic.*");

    /**
     * @throws IllegalArgumentException saying what is wrong with the arguments
     */
    static IngestArguments parse(final String... args) {
        final CommandLine line = CommandLine.parse(args);
        return new IngestArguments(line.config(), line.overrides(), line.help());
    }
}
