package io.distill.app.cli;

import io.distill.app.Distill;
import io.distill.app.pipeline.MetricsTotals;
import io.distill.app.replay.Replay;
import io.distill.app.replay.ReplayPlan;
import io.distill.app.replay.ReplayResult;
import io.distill.app.replay.ReplayStage;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code distill replay --stage student|all}: rebuilds the student from {@code soft-labels}, or everything from
 * {@code interactions}, under fresh application ids into fresh topics (see {@link ReplayPlan}), waits until it has
 * caught up with a progress bar per stage, and prints the replayed student's checksum and prequential quality next to
 * the original's.
 */
@Command(name = "replay", sortOptions = false,
    description = {"Rebuild the student from soft-labels (--stage student: the teacher is not run), or the whole pipeline"
        + " from interactions (--stage all), in this process, under fresh application ids (<id>-<name>) into fresh topics"
        + " (<topic>-<name>, same layout as the originals). The running pipeline and its topics are only read.",
        "When every stage has caught up with its input, prints the replayed student's checksum (as distill checksum does)"
        + " and its prequential NDCG@10 / HR@10 from its distill-metrics, with the original's."})
public final class ReplayCommand implements Callable<Integer> {
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
        .withZone(ZoneOffset.UTC);

    @Spec
    private CommandSpec spec;

    @Option(names = "--stage", required = true, paramLabel = "STAGE",
        description = "student (from soft-labels) or all (from interactions: ingest, teacher, student).")
    private ReplayStage stage;

    @Option(names = "--from-beginning", description = "Read the input from its beginning (the default).")
    private boolean fromBeginning;

    @Option(names = "--from-timestamp", paramLabel = "ISO-8601",
        description = "Start at the first input record stamped at or after this event time, e.g. 2024-01-10T00:00:00Z.")
    private String fromTimestamp;

    @Option(names = "--name", paramLabel = "NAME",
        description = "The replay's name, appended to its application ids and topics (default: replay-<UTC time>).")
    private String name;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2m", converter = DurationConverter.class,
        description = "Time allowed for each cluster operation and each topic read (default: ${DEFAULT-VALUE}); catching"
            + " up takes as long as it takes.")
    private Duration timeout;

    @Override
    public Integer call() throws InterruptedException {
        final Distill distill = Distill.root(spec);
        final CliContext context = distill.context();
        final Optional<Instant> from = from();
        final String replayName = name != null ? name : "replay-" + NAME_TIME.format(context.clock().instant());
        final ReplayPlan plan = ReplayPlan.of(stage, distill.config(), replayName, from);
        final PrintWriter out = context.out();
        out.printf(Locale.ROOT, "Replaying %s from %s (%s) as %s%n", stage == ReplayStage.STUDENT ? "the student" : "the pipeline",
            plan.input(), from.map(instant -> "from " + instant).orElse("from the beginning"), replayName);
        out.flush();
        final Map<String, ProgressBar> bars = new HashMap<>();
        final ReplayResult result = new Replay(plan, context.clock(), timeout).run((stageName, done, total) -> {
            final ProgressBar bar = bars.computeIfAbsent(stageName, key -> ProgressBar.builder(context.err(), key).unit("offsets")
                .total(total).interactive(context.interactiveErr()).clock(context.clock()).build());
            bar.update(done);
            if (done >= total) {
                bar.finish();
            }
        }, wait -> context.shutdown().await(wait));
        print(out, result);
        return 0;
    }

    private Optional<Instant> from() {
        if (fromTimestamp == null) {
            return Optional.empty();
        }
        if (fromBeginning) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--from-beginning and --from-timestamp exclude each other");
        }
        try {
            return Optional.of(Instant.parse(fromTimestamp.strip()));
        } catch (final DateTimeParseException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "--from-timestamp: '" + fromTimestamp + "' is not an ISO-8601 instant such as 2024-01-10T00:00:00Z");
        }
    }

    private static void print(final PrintWriter out, final ReplayResult result) {
        final ReplayPlan plan = result.plan();
        out.printf(Locale.ROOT, "Caught up in %.1f s; the replayed student consumed %,d labels%n", result.took().toMillis() / 1e3,
            result.labels());
        result.outputs().forEach((topic, records) -> out.printf(Locale.ROOT, "  %-40s %,d records%n", topic, records));
        out.printf(Locale.ROOT, "  student application id  %s (original: %s)%n", plan.replayStudent(), plan.originalStudent());
        out.printf(Locale.ROOT, "checksum %s%n", result.checksum());
        out.println(quality("replayed", result.replayed()));
        out.println(quality("original", result.original()));
        if (result.replayed().student().evaluated() > 0 && result.original().student().evaluated() > 0) {
            out.printf(Locale.ROOT, "student NDCG@10 replayed vs original: %+.2f%%%n", result.relativeNdcgDifference() * 100);
        }
        out.flush();
    }

    private static String quality(final String label, final MetricsTotals totals) {
        if (totals.windows() == 0) {
            return String.format(Locale.ROOT, "%-8s no distill-metrics window yet", label);
        }
        return String.format(Locale.ROOT, "%-8s NDCG@10 student %.4f, teacher %.4f, popularity %.4f; HR@10 student %.4f"
                + " (%,d events ranked in %,d windows)", label, totals.student().ndcg(), totals.teacher().ndcg(),
            totals.popularity().ndcg(), totals.student().hitRate(), totals.student().evaluated(), totals.windows());
    }
}
