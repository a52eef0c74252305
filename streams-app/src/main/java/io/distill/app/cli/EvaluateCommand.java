package io.distill.app.cli;

import io.distill.app.Distill;
import io.distill.app.evaluate.LiveComparison;
import io.distill.app.evaluate.LiveEvaluation;
import io.distill.app.ingest.IngestConfig;
import io.distill.avro.Interaction;
import io.distill.datasets.DatasetFormat;
import io.distill.datasets.DatasetOptions;
import io.distill.datasets.Datasets;
import io.distill.datasets.InteractionSource;
import io.distill.datasets.SyntheticParams;
import io.distill.datasets.SyntheticStream;
import io.distill.evaluation.EvaluationReport;
import io.distill.evaluation.EvaluationResult;
import io.distill.evaluation.PrequentialEvaluation;
import io.distill.evaluation.Progress;
import io.distill.evaluation.QualityPlot;
import io.distill.evaluation.Sweep;
import io.distill.schemas.validation.ValidationLimits;
import io.distill.student.StudentSettings;
import io.distill.student.stream.StudentConfig;
import io.distill.teacher.TeacherSettings;
import io.distill.teacher.worker.TeacherConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code distill evaluate}: prequential evaluation of the product on a dataset, replayed in event-time
 * order offline through the very teacher and student code the workers run (settings from the same
 * {@code teacher.*} and {@code student.*} keys). Prints the table, writes CSV, JSON and a PNG of
 * NDCG@10 over the stream; with {@code --grid} it sweeps settings instead.
 */
@Command(name = "evaluate", sortOptions = false,
    description = {"Prequential (test-then-train) evaluation of the teacher, the distilled student, a same-size student"
        + " trained on hard labels only, and popularity: HR@10, NDCG@10, MRR over the full catalogue with seen items excluded,"
        + " model sizes and cost per recommendation. Settings come from the teacher.* and student.* keys (--set, --config)."})
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--dataset", paramLabel = "PATH", description = "Dataset file (Online Retail, OTTO, MovieLens, generic CSV).")
    private Path dataset;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "AUTO",
        description = "Format of --dataset: ${COMPLETION-CANDIDATES}; default: detected.")
    private DatasetFormat format;

    @Option(names = "--synthetic", description = "Evaluate on the synthetic stream with planted preferences instead.")
    private boolean synthetic;

    @Option(names = "--limit", paramLabel = "N", description = "Use at most the first N events.")
    private long limit;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write evaluation.csv, evaluation.json and ndcg.png"
        + " (default: ./distill-evaluation/<dataset>).")
    private Path out;

    @Option(names = "--live", description = {"Also stream the same events through a live pipeline (ingest, teacher, student"
        + " in this process) on the configured cluster — e.g. one started with `distill up` — and compare the metrics it"
        + " publishes with the offline replay. Uses fresh topics and application ids per run (one partition)."})
    private boolean live;

    @Option(names = "--live-timeout", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
        description = "How long the live run may take (default: ${DEFAULT-VALUE}).")
    private Duration liveTimeout;

    @Option(names = "--keep-topics", description = "Keep the live run's topics instead of deleting them.")
    private boolean keepTopics;

    @Option(names = "--grid", paramLabel = "KEY=V1,V2,...", description = "Sweep: evaluate every combination of these values"
        + " (repeatable), e.g. --grid student.alpha=0.2,0.5 --grid teacher.lambda=20,50. Writes sweep.csv.")
    private Map<String, String> grid = new LinkedHashMap<>();

    @Override
    public Integer call() throws InterruptedException {
        if (synthetic == (dataset != null)) {
            throw new ParameterException(spec.commandLine(), "Give exactly one of --dataset PATH and --synthetic");
        }
        final Distill distill = Distill.root(spec);
        final CliContext context = distill.context();
        final Map<String, String> config = distill.config();
        final TeacherSettings teacher = new TeacherConfig(config).teacherSettings();
        final StudentSettings student = new StudentConfig(config).settings();
        final ValidationLimits limits = new IngestConfig(config).validationLimits();
        final String name = datasetName();
        final Path dir = out != null ? out : Path.of("distill-evaluation", name);
        if (!grid.isEmpty()) {
            return sweep(config, limits, context, dir);
        }
        final EvaluationResult result;
        final List<Interaction> events = new ArrayList<>();
        try (InteractionSource source = open()) {
            final StageBars bars = new StageBars(context);
            Iterator<Interaction> stream = limited(source);
            if (live) {
                stream.forEachRemaining(events::add);
                stream = events.iterator();
            }
            result = new PrequentialEvaluation(teacher, student, limits, PrequentialEvaluation.DEFAULT_BATCH)
                .run(name, stream, live ? events.size() : expected(source), bars);
            bars.finish();
        }
        context.out().print(EvaluationReport.table(result));
        EvaluationReport.writeCsv(result, dir.resolve("evaluation.csv"));
        EvaluationReport.writeJson(result, dir.resolve("evaluation.json"));
        QualityPlot.writePng(result, dir.resolve("ndcg.png"), 1200, 600);
        context.out().printf(Locale.ROOT, "wrote %s, %s and %s%n", dir.resolve("evaluation.csv"), dir.resolve("evaluation.json"),
            dir.resolve("ndcg.png"));
        context.out().flush();
        if (live) {
            final StageBars bars = new StageBars(context);
            final LiveEvaluation.Result liveResult = LiveEvaluation.run(config, events, liveTimeout, keepTopics, bars);
            bars.finish();
            final List<LiveComparison> rows = LiveComparison.of(liveResult.totals(), result);
            context.out().printf(Locale.ROOT, "live pipeline %s: %,d recommendations, %d metrics windows, %s%n", liveResult.runId(),
                liveResult.recommendations(), liveResult.totals().windows(), liveResult.elapsed());
            context.out().print(LiveComparison.table(rows));
            context.out().flush();
        }
        return 0;
    }

    private int sweep(final Map<String, String> config, final ValidationLimits limits, final CliContext context, final Path dir) {
        final Map<String, List<String>> axes = new LinkedHashMap<>();
        grid.forEach((key, values) -> axes.put(key, Arrays.stream(values.split(",")).map(String::strip).toList()));
        final List<Map<String, String>> points = Sweep.grid(config, axes);
        // reject a bad value before hours of work, naming the key
        points.forEach(point -> {
            new TeacherConfig(point);
            new StudentConfig(point);
        });
        final Sweep sweep = new Sweep(p -> new TeacherConfig(p).teacherSettings(), p -> new StudentConfig(p).settings(), limits);
        final StageBars bars = new StageBars(context);
        final List<Sweep.Point> results = sweep.run(points, new ArrayList<>(axes.keySet()), () -> {
            final InteractionSource source = open();
            return closing(source, limited(source));
        }, bars);
        bars.finish();
        context.out().print(Sweep.table(results));
        final Path csv = dir.resolve("sweep.csv");
        try {
            Files.createDirectories(dir);
            Files.writeString(csv, Sweep.csv(results), StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write " + csv, e);
        }
        context.out().printf(Locale.ROOT, "wrote %s%n", csv);
        context.out().flush();
        return 0;
    }

    private String datasetName() {
        if (synthetic) {
            return "synthetic";
        }
        final String file = dataset.getFileName().toString();
        final int dot = file.indexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    private InteractionSource open() {
        return synthetic ? new SyntheticStream(SyntheticParams.DEFAULTS).open()
            : Datasets.open(dataset, format, DatasetOptions.DEFAULTS);
    }

    private long expected(final InteractionSource source) {
        final long estimate = source.estimatedSize().orElse(-1);
        return limit > 0 && (estimate < 0 || limit < estimate) ? limit : estimate;
    }

    private Iterator<Interaction> limited(final Iterator<Interaction> events) {
        if (limit <= 0) {
            return events;
        }
        return new Iterator<>() {
            private long taken;

            @Override
            public boolean hasNext() {
                return taken < limit && events.hasNext();
            }

            @Override
            public Interaction next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                taken++;
                return events.next();
            }
        };
    }

    /** Closes the source once the sweep's teacher pass has drained it. */
    private static Iterator<Interaction> closing(final InteractionSource source, final Iterator<Interaction> events) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                final boolean more = events.hasNext();
                if (!more) {
                    source.close();
                }
                return more;
            }

            @Override
            public Interaction next() {
                return events.next();
            }
        };
    }

    /** One progress bar per stage of the evaluation, on stderr. */
    private static final class StageBars implements Progress {
        private final CliContext context;
        private String stage;
        private ProgressBar bar;

        StageBars(final CliContext context) {
            this.context = context;
        }

        @Override
        public synchronized void update(final String newStage, final long done, final long total) {
            if (!newStage.equals(stage)) {
                finish();
                stage = newStage;
                bar = ProgressBar.builder(context.err(), newStage).unit("events").total(total)
                    .interactive(context.interactiveErr()).clock(context.clock()).build();
            }
            if (total > 0) {
                bar.total(total);
            }
            bar.update(done);
        }

        synchronized void finish() {
            if (bar != null) {
                bar.finish();
                bar = null;
            }
        }
    }
}
