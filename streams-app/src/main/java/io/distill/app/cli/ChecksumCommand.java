package io.distill.app.cli;

import io.distill.app.Distill;
import io.distill.student.stream.StudentChecksum;
import io.distill.student.stream.StudentConfig;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code distill checksum}: the digest of a student's weights from its changelog topics
 * ({@link StudentChecksum#fromChangelogs}), one line on stdout: {@code sha256:<hex> items=<n> users=<n> partitions=<n>}.
 * Two students with the same line are bit-identical.
 */
@Command(name = "checksum", sortOptions = false,
    description = {"Print the SHA-256 of a student's learnt state (every item and user row), read from its changelog topics"
        + " with read_committed: sha256:<hex> items=<n> users=<n> partitions=<n>. Equal lines mean bit-identical students.",
        "Meant for a student that is idle or stopped; while one runs it gives the last committed state."})
public final class ChecksumCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--application-id", paramLabel = "ID",
        description = "The student's application id (default: student.application.id from the configuration).")
    private String applicationId;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2m", converter = DurationConverter.class,
        description = "How long reading the changelogs may take (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Override
    public Integer call() {
        final Distill distill = Distill.root(spec);
        final Map<String, String> config = new TreeMap<>(distill.config());
        if (applicationId != null) {
            config.put(StudentConfig.APPLICATION_ID, applicationId);
        }
        final CliContext context = distill.context();
        context.out().println(StudentChecksum.fromChangelogs(config, timeout));
        context.out().flush();
        return 0;
    }
}
