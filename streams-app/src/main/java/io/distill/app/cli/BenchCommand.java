package io.distill.app.cli;

import io.distill.app.Distill;
import io.distill.app.bench.Bench;
import io.distill.app.bench.BenchOptions;
import io.distill.app.bench.BenchReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code distill bench}: end-to-end throughput of each stage against a no-op Kafka Streams pass-through on the same
 * broker, and the latency of the paced full pipeline (see {@link Bench}). Parses the options into
 * {@link BenchOptions}, prints the {@link BenchReport} on stdout and writes its files to {@code --out}.
 */
@Command(name = "bench", sortOptions = false,
    description = {"Measure the pipeline end to end on a local stack of its own (ports and --dir as for demo; default a"
        + " temporary directory, deleted afterwards) or, with --external, on the configured cluster. Publishes --events"
        + " synthetic interactions once, then in every round times, each on fresh topics and application ids: a no-op Kafka"
        + " Streams pass-through (bytes in, bytes out, exactly-once v2, the services' settings), the ingest, the teacher and"
        + " the student alone, and all three together, each draining a backlog; then paces the full pipeline at --rate and"
        + " measures each event's latency to its recommendation.",
        "Prints events/s, the ratio to the pass-through of the same round, µs per event and the latency percentiles (medians"
            + " over --repeat rounds); --out writes them as CSV and JSON."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--events", paramLabel = "N", description = "Synthetic interactions in the backlog (default: ${DEFAULT-VALUE}).")
    private long events = BenchOptions.DEFAULTS.events();

    @Option(names = "--users", paramLabel = "N", description = "Synthetic users (default: ${DEFAULT-VALUE}).")
    private int users = BenchOptions.DEFAULTS.users();

    @Option(names = "--items", paramLabel = "N", description = "Synthetic items (default: ${DEFAULT-VALUE}).")
    private int items = BenchOptions.DEFAULTS.items();

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the synthetic stream (default: ${DEFAULT-VALUE}).")
    private long seed = BenchOptions.DEFAULTS.seed();

    @Option(names = "--repeat", paramLabel = "K",
        description = "Rounds: measure every stage K times and report medians (default: ${DEFAULT-VALUE}).")
    private int repeat = BenchOptions.DEFAULTS.repeat();

    @Option(names = "--rate", paramLabel = "EVENTS_PER_S",
        description = "Rate of the paced latency runs (default: half the measured full-pipeline throughput).")
    private Double rate;

    @Option(names = "--latency-events", paramLabel = "N",
        description = "Events per paced latency run (default: --events); 0 skips the latency runs.")
    private Long latencyEvents;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "Fail a measurement whose output does not grow for this long (default: 2m).")
    private Duration timeout = BenchOptions.DEFAULTS.timeout();

    @Option(names = "--out", paramLabel = "DIR",
        description = "Write " + BenchReport.JSON + ", " + BenchReport.SUMMARY_CSV + ", " + BenchReport.RUNS_CSV + " and "
            + BenchReport.LATENCY_CSV + " here.")
    private Path out;

    @Option(names = "--external",
        description = "Run on the configured cluster (bootstrap.servers, schema.registry.url) instead of starting a local stack.")
    private boolean external;

    @Option(names = "--keep-topics", description = "Keep the run's topics, consumer groups and schema subjects (prefix bench-).")
    private boolean keepTopics;

    @Override
    public Integer call() throws InterruptedException {
        final Distill distill = Distill.root(spec);
        final CliContext context = distill.context();
        final Optional<BenchReport> report = new Bench(options(), distill.config(), context, distill.verbose()).run();
        if (report.isEmpty()) {
            return 0;
        }
        final PrintWriter output = context.out();
        output.println();
        output.print(report.get().render());
        output.flush();
        if (out != null) {
            try {
                final List<Path> files = report.get().write(out);
                context.err().println("Wrote " + files.stream().map(Path::toString).reduce((a, b) -> a + ", " + b).orElse(""));
                context.err().flush();
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot write the report to " + out, e);
            }
        }
        return 0;
    }

    private BenchOptions options() {
        try {
            return new BenchOptions(events, users, items, seed, repeat, rate == null ? OptionalDouble.empty() : OptionalDouble.of(rate),
                latencyEvents == null ? events : latencyEvents, timeout, external, keepTopics);
        } catch (final IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
