package io.distill.app.cli;

import io.distill.app.Distill;
import io.distill.app.demo.BadEvents;
import io.distill.app.demo.Demo;
import io.distill.app.demo.DemoOptions;
import io.distill.datasets.DatasetFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code distill demo}: the whole pipeline in one command (see {@link Demo}). Parses the options into
 * {@link DemoOptions}; everything else happens in {@link Demo}.
 */
@Command(name = "demo", sortOptions = false,
    description = {"Start the local stack (data in --dir, default ./.distill), run ingest, teacher, student and the HTTP"
        + " edge in this process, stream a dataset through them (default: the synthetic stream with planted preferences)"
        + " with a few deliberately bad records, print a live table, wait until every valid event has its soft label and"
        + " its recommendation, print a summary (counts per topic, dead letters by reason, prequential HR@10/NDCG@10 of"
        + " student, teacher and popularity, timings, recommendations fetched from the edge) and stop.",
        "A second run in the same --dir continues: the models keep what they learnt and the source continues after the"
            + " events earlier runs published."})
public final class DemoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--events", paramLabel = "N", description = "Synthetic events to stream (default: ${DEFAULT-VALUE}).")
    private long events = DemoOptions.DEFAULTS.events();

    @Option(names = "--dataset", paramLabel = "PATH",
        description = "Stream this dataset file instead (Online Retail, OTTO, MovieLens, generic CSV; .gz is fine).")
    private Path dataset;

    @Option(names = "--format", paramLabel = "FORMAT",
        description = "Format of --dataset: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}, detected from the file).")
    private DatasetFormat format = DemoOptions.DEFAULTS.format();

    @Option(names = "--limit", paramLabel = "N", description = "Stream at most N events of --dataset (default: all).")
    private long limit;

    @Option(names = "--bad-events-per-1000", paramLabel = "N",
        description = "Deliberately bad records per 1000 events, to show the dead-letter path: not Avro, missing userId,"
            + " unknown type, duplicate eventId, in turn (0.." + BadEvents.MAX_PER_THOUSAND + ", default: ${DEFAULT-VALUE}).")
    private int badPerThousand = DemoOptions.DEFAULTS.badEventsPer1000();

    @Option(names = "--rate", paramLabel = "RECORDS_PER_S",
        description = "Publish at most this many records per second (default: as fast as possible).")
    private Double rate;

    @Option(names = "--refresh", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "Time between rows of the live table (default: 5s).")
    private Duration refresh = DemoOptions.DEFAULTS.refresh();

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "Give up, saying what is missing, when the pipeline makes no progress for this long (default: 2m).")
    private Duration timeout = DemoOptions.DEFAULTS.timeout();

    @Option(names = "--samples", paramLabel = "N",
        description = "Users whose recommendations are fetched from the edge at the end (default: ${DEFAULT-VALUE}).")
    private int samples = DemoOptions.DEFAULTS.samples();

    @Option(names = "--keep-running", description = "Stay up after the summary, printing the addresses, until Ctrl-C.")
    private boolean keepRunning;

    @Override
    public Integer call() throws InterruptedException {
        final Distill distill = Distill.root(spec);
        return new Demo(options(), distill.config(), distill.context(), distill.verbose()).run();
    }

    private DemoOptions options() {
        if (dataset == null && (limit != 0 || format != DatasetFormat.AUTO)) {
            throw new ParameterException(spec.commandLine(), "--limit and --format apply to --dataset only");
        }
        if (dataset != null && spec.commandLine().getParseResult().hasMatchedOption("--events")) {
            throw new ParameterException(spec.commandLine(), "--events applies to the synthetic stream; use --limit with --dataset");
        }
        if (dataset != null && !Files.isRegularFile(dataset)) {
            throw new ParameterException(spec.commandLine(), "--dataset " + dataset + ": no such file");
        }
        try {
            return new DemoOptions(events, dataset, format, limit, badPerThousand, rate, refresh, timeout, samples, keepRunning);
        } catch (final IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
