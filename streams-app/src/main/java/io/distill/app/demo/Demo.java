package io.distill.app.demo;

import io.distill.app.cli.CliContext;
import io.distill.app.cli.Pacer;
import io.distill.app.cli.ProgressBar;
import io.distill.app.cli.QuietLogging;
import io.distill.app.http.EdgeApp;
import io.distill.app.http.EdgeConfig;
import io.distill.app.pipeline.Pipeline;
import io.distill.app.topics.DistillTopics;
import io.distill.avro.Recommendation;
import io.distill.avro.ScoredItem;
import io.distill.datasets.SyntheticStream;
import io.distill.runtime.ClientSettings;
import io.distill.runtime.metrics.MetricsServer;
import io.distill.runtime.metrics.PrometheusRegistry;
import io.distill.schemas.DistillException;
import io.distill.schemas.registry.SchemaRegistryClient;
import io.distill.schemas.registry.SchemaRegistryClientConfig;
import io.distill.schemas.registry.SchemaRegistryClients;
import io.distill.schemas.topics.TopicNames;
import io.distill.stack.LocalStack;
import io.distill.stack.LocalStackConfig;
import io.distill.stack.LocalStackException;
import io.distill.stack.Loopback;
import io.distill.student.stream.StudentConfig;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;

/**
 * {@code distill demo} from start to end, in this JVM: starts the local stack in the data directory, runs ingest,
 * teacher, student and edge ({@link Pipeline}), publishes this run's events with a few deliberately bad records
 * ({@link DemoPublisher}), prints a live table while they flow, waits until every valid event has its soft label and
 * its recommendation ({@link PipelineMonitor}), prints the summary ({@link RunSummary}) with recommendations fetched
 * from the edge over HTTP, and stops everything (or stays up with {@code --keep-running}).
 *
 * <p><b>Reruns.</b> Everything persists in the data directory: topics, the services' consumer groups and state
 * (application ids are the services' defaults, Kafka Streams state under {@code <dir>/state}), and what earlier runs
 * published ({@link DemoLedger}). A second run continues: the models keep what they learnt, and the source continues
 * after the events earlier runs published, so nothing is published twice and no model is evaluated on an event it
 * learnt from. The run's counts are what appears on the topics after its start.
 *
 * <p>Output: the live table and the summary on stdout; progress, notes and (with {@code --verbose}) the services' logs
 * on stderr.
 */
public final class Demo {
    /** Kafka Streams state of ingest, student and edge, under the data directory. */
    static final String STATE_DIR = "state";
    /** Events per {@code distill-metrics} window unless configured: several rows of the live table per minute. */
    static final int METRICS_WINDOW_EVENTS = 500;
    /** {@code group.instance.id} of the demo's Kafka Streams services (each group has one member). */
    static final String STATIC_MEMBER_ID = "distill-demo";
    private static final Duration WATCH_EVERY = Duration.ofMillis(200);
    private static final Duration SAMPLE_PATIENCE = Duration.ofSeconds(15);
    private static final int SAMPLE_ITEMS = 5;
    private static final int MISSING_SHOWN = 5;
    /** How long the services get to stop after Ctrl-C. */
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(10);

    private final DemoOptions options;
    private final Map<String, String> config;
    private final CliContext context;
    private final boolean verbose;
    private final Clock clock;
    private final PrintWriter out;
    private final PrintWriter err;

    /**
     * @param options what to stream and how
     * @param config  the merged settings (the stack's {@code local.stack.*}, the services' keys, topic names)
     * @param context where to write, the clock and the stop signal
     * @param verbose keep the services' logs at their configured levels
     */
    public Demo(final DemoOptions options, final Map<String, String> config, final CliContext context, final boolean verbose) {
        this.options = options;
        this.config = Map.copyOf(config);
        this.context = context;
        this.verbose = verbose;
        this.clock = context.clock();
        this.out = context.out();
        this.err = context.err();
    }

    /**
     * Runs the demo.
     *
     * @return 0 when every valid event went through (or after Ctrl-C)
     * @throws DistillException when the stack or a service cannot start, a service fails, or the pipeline stalls
     * @throws org.apache.kafka.common.config.ConfigException naming the key of a bad setting
     */
    public int run() throws InterruptedException {
        try (QuietLogging logging = verbose ? QuietLogging.unchanged() : QuietLogging.quiet()) {
            return runStack(clock.millis());
        }
    }

    private int runStack(final long started) throws InterruptedException {
        final TopicNames names = TopicNames.from(config);
        final LocalStackConfig stackConfig = withAbsoluteDir(config);
        final EdgeConfig edgeConfig = new EdgeConfig(config);
        requireFreePorts(stackConfig, edgeConfig);
        note("Starting the local stack in %s...", stackConfig.dir());
        try (LocalStack stack = startStack(stackConfig, names)) {
            final Duration stackTime = Duration.ofMillis(clock.millis() - started);
            note("Local stack up in %s: Kafka at %s, schema registry at %s", RunSummary.seconds(stackTime),
                stack.bootstrapServers(), stack.schemaRegistryUrl());
            if (context.shutdown().isRequested()) {
                return 0;
            }
            final Map<String, Object> settings = serviceSettings(stack, stackConfig);
            final DemoLedger ledger = checkedLedger(DemoLedger.load(stackConfig.dir()), settings, names);
            try (DemoSource source = openSource(ledger)) {
                return runPipeline(stack, settings, names, ledger, source, started, stackTime);
            }
        }
    }

    private int runPipeline(final LocalStack stack, final Map<String, Object> settings, final TopicNames names,
                            final DemoLedger ledger, final DemoSource source, final long started, final Duration stackTime)
        throws InterruptedException {
        final long servicesStarted = clock.millis();
        note("Starting ingest, teacher, student and edge (state in %s)...", settings.get(StreamsConfig.STATE_DIR_CONFIG));
        final PrometheusRegistry registry = PrometheusRegistry.withJvmMetrics();
        try (PipelineMonitor monitor = PipelineMonitor.start(settings, names, clock);
             Pipeline pipeline = Pipeline.create(settings, clock, EnumSet.allOf(Pipeline.Role.class), registry)) {
            pipeline.start();
            final EdgeApp edge = pipeline.edge().orElseThrow();
            final Duration servicesTime = Duration.ofMillis(clock.millis() - servicesStarted);
            final long run = ledger.runs() + 1;
            note("Pipeline up in %s; run %d streams %s%s", RunSummary.seconds(servicesTime), run, source.describe(),
                options.badEventsPer1000() == 0 ? "" : String.format(Locale.ROOT, " with %d bad record%s per 1000",
                    options.badEventsPer1000(), options.badEventsPer1000() == 1 ? "" : "s"));
            final Streaming streaming = stream(source, settings, names, monitor, pipeline);
            ledger.next(source.name(), source.first() + streaming.publisher().goodSent()).save();

            final PipelineSnapshot snapshot = monitor.snapshot();
            final List<RunSummary.Sample> samples = streaming.outcome() == RunSummary.Outcome.COMPLETE
                ? samples(edge.url(), monitor, source.world()) : List.of();
            final long end = clock.millis();
            final long endToEnd = snapshot.lastRecommendationMillis() == 0 ? 0
                : snapshot.lastRecommendationMillis() - streaming.publishStarted();
            final RunSummary summary = new RunSummary(run, stack.config().dir(), source.describe(), streaming.outcome(),
                streaming.publisher().goodSent(), streaming.publisher().badSent(), snapshot, names,
                new RunSummary.Timings(stackTime, servicesTime, streaming.publishTime(), Duration.ofMillis(Math.max(0, endToEnd)),
                    Duration.ofMillis(end - started)), samples);
            out.print(summary.render());
            out.flush();
            switch (streaming.outcome()) {
                case TIMED_OUT -> {
                    printMissing(monitor, snapshot, streaming, pipeline, names);
                    throw new DistillException("the pipeline made no progress for " + options.timeout().toSeconds()
                        + " s (see above for what is missing)");
                }
                case FAILED -> throw new DistillException(streaming.failure());
                default -> { }
            }
            if (options.keepRunning() && streaming.outcome() == RunSummary.Outcome.COMPLETE) {
                keepRunning(stack, edge, pipeline, names, samples);
            }
            note("Stopping the services and the local stack (data kept in %s)...", stack.config().dir());
            if (context.shutdown().isRequested()) {
                closeWithin(pipeline, STOP_PATIENCE);
            }
            return 0;
        }
    }

    /** What publishing and waiting came to. */
    private record Streaming(DemoPublisher publisher, RunSummary.Outcome outcome, String failure, long publishStarted,
                             Duration publishTime) {
    }

    /** Publishes on a thread of its own while printing the live table, until everything went through or gave out. */
    private Streaming stream(final DemoSource source, final Map<String, Object> settings, final TopicNames names,
                             final PipelineMonitor monitor, final Pipeline pipeline) throws InterruptedException {
        final BadEvents bad = new BadEvents(options.badEventsPer1000());
        final long planned = source.planned();
        final ProgressBar bar = ProgressBar.builder(err, "publish").unit("records")
            .total(planned < 0 ? -1 : planned + bad.countFor(planned)).interactive(context.interactiveErr()).clock(clock).build();
        final AtomicBoolean giveUp = new AtomicBoolean();
        final DemoPublisher publisher = new DemoPublisher(settings, names.interactions(), source, bad,
            options.rate() == null ? null : Pacer.atRate(options.rate()), bar,
            () -> giveUp.get() || context.shutdown().isRequested());
        final long publishStarted = clock.millis();
        final Thread thread = new Thread(publisher, "distill-demo-publisher");
        thread.setDaemon(true);
        thread.start();

        out.println();
        out.println(LiveTable.header());
        out.flush();
        long publishEnded = -1;
        long nextRow = publishStarted + options.refresh().toMillis();
        long lastRowAt = publishStarted;
        long lastRowRecommendations = 0;
        long lastProgressAt = publishStarted;
        long lastProgress = -1;
        RunSummary.Outcome outcome = null;
        String failure = null;
        while (outcome == null) {
            context.shutdown().await(WATCH_EVERY);
            final long now = clock.millis();
            final PipelineSnapshot snapshot = monitor.snapshot();
            if (publishEnded < 0 && publisher.isDone()) {
                publishEnded = now;
            }
            final long progress = snapshot.validRecords() + snapshot.deadLettered() + snapshot.softLabels()
                + snapshot.recommendations() + publisher.recordsSent();
            if (progress != lastProgress) {
                lastProgress = progress;
                lastProgressAt = now;
            }
            final Optional<String> failed = firstFailure(publisher, monitor, pipeline);
            if (failed.isPresent()) {
                outcome = RunSummary.Outcome.FAILED;
                failure = failed.get();
            } else if (context.shutdown().isRequested()) {
                outcome = RunSummary.Outcome.INTERRUPTED;
            } else if (publisher.isDone() && snapshot.validRecords() + snapshot.deadLettered() >= publisher.recordsSent()
                && snapshot.everyValidEventDone()) {
                outcome = RunSummary.Outcome.COMPLETE;
            } else if (now - lastProgressAt >= options.timeout().toMillis()) {
                outcome = RunSummary.Outcome.TIMED_OUT;
            }
            if (now >= nextRow || outcome != null) {
                final double perSecond = now == lastRowAt ? 0
                    : (snapshot.recommendations() - lastRowRecommendations) * 1000.0 / (now - lastRowAt);
                clearProgressLine(publisher);
                out.println(LiveTable.row(Duration.ofMillis(now - publishStarted), publisher.recordsSent(), snapshot, perSecond));
                out.flush();
                lastRowAt = now;
                lastRowRecommendations = snapshot.recommendations();
                nextRow = now + options.refresh().toMillis();
            }
        }
        // a stop request or failure ends publishing too; wait for its flush
        giveUp.set(true);
        publisher.awaitDone(Duration.ofSeconds(30).toMillis());
        final long publishTime = (publishEnded < 0 ? clock.millis() : publishEnded) - publishStarted;
        return new Streaming(publisher, outcome, failure, publishStarted, Duration.ofMillis(publishTime));
    }

    private static Optional<String> firstFailure(final DemoPublisher publisher, final PipelineMonitor monitor,
                                                 final Pipeline pipeline) {
        if (publisher.failure().isPresent()) {
            return Optional.of(publisher.failure().get().getMessage());
        }
        final Optional<String> service = pipeline.failure();
        if (service.isPresent()) {
            return service;
        }
        return monitor.failure().map(e -> "the demo's monitor stopped reading the topics: " + e);
    }

    /** On a terminal, wipes the progress bar's line so a table row does not start in the middle of it. */
    private void clearProgressLine(final DemoPublisher publisher) {
        if (context.interactiveErr() && !publisher.isDone()) {
            err.print("\r\033[K");
            err.flush();
        }
    }

    private void printMissing(final PipelineMonitor monitor, final PipelineSnapshot snapshot, final Streaming streaming,
                              final Pipeline pipeline, final TopicNames names) {
        out.print(RunSummary.missing(streaming.publisher().recordsSent(), snapshot, monitor.unfinished(true, MISSING_SHOWN),
            monitor.unfinished(false, MISSING_SHOWN), pipeline.health(), names));
        out.flush();
    }

    /** Recommendations of the busiest users from the edge, with what the synthetic world's ground truth says of them. */
    private List<RunSummary.Sample> samples(final URI edge, final PipelineMonitor monitor,
                                            final Optional<SyntheticStream> world) throws InterruptedException {
        final List<String> users = monitor.busiestUsers(options.samples());
        final List<RunSummary.Sample> samples = new ArrayList<>();
        for (final EdgeSample sample : EdgeSample.fetch(edge, users, SAMPLE_ITEMS, SAMPLE_PATIENCE)) {
            final String note = world.flatMap(w -> monitor.latest(sample.userId()).map(r -> groundTruth(w, r))).orElse("");
            samples.add(new RunSummary.Sample(sample, note));
        }
        return samples;
    }

    /** How many of the first recommended items belong to the user's planted groups. */
    static String groundTruth(final SyntheticStream world, final Recommendation recommendation) {
        final List<Integer> groups;
        try {
            groups = world.preferredGroups(recommendation.getUserId());
        } catch (final RuntimeException e) {
            return "";
        }
        final List<ScoredItem> shown = recommendation.getItems().subList(0, Math.min(SAMPLE_ITEMS, recommendation.getItems().size()));
        long inGroups = 0;
        for (final ScoredItem item : shown) {
            try {
                if (groups.contains(world.groupOfItem(item.getItemId()))) {
                    inGroups++;
                }
            } catch (final RuntimeException e) {
                // an item id from outside the world (another source published into the same topics)
            }
        }
        final String planted = groups.stream().map(String::valueOf).collect(Collectors.joining(" and "));
        return String.format(Locale.ROOT, "%s was planted to prefer group%s %s: %d of these %d items are from %s",
            recommendation.getUserId(), groups.size() == 1 ? "" : "s", planted, inGroups, shown.size(),
            groups.size() == 1 ? "it" : "them");
    }

    private void keepRunning(final LocalStack stack, final EdgeApp edge, final Pipeline pipeline, final TopicNames names,
                             final List<RunSummary.Sample> samples) throws InterruptedException {
        final String user = samples.isEmpty() ? "u1" : samples.get(0).sample().userId();
        out.println();
        out.println("Everything keeps running (--keep-running); Ctrl-C stops it:");
        out.printf(Locale.ROOT, "  %-18s %s%n", "bootstrap.servers", stack.bootstrapServers());
        out.printf(Locale.ROOT, "  %-18s %s%n", "schema registry", stack.schemaRegistryUrl());
        out.printf(Locale.ROOT, "  %-18s %s/users/{userId}/recommendations%n", "recommendations", edge.url());
        out.printf(Locale.ROOT, "  %-18s %s/health%n", "health", edge.url());
        out.printf(Locale.ROOT, "  %-18s %s%s   (ingest, teacher, student, edge and JVM)%n", "metrics", edge.url(), MetricsServer.PATH);
        out.println("Try:");
        out.println("  curl -s " + edge.url() + "/users/" + user + "/recommendations");
        out.println("  curl -s " + edge.url() + "/metrics | grep ^distill_");
        out.println("  ./distill tail " + names.recommendations() + " --from-beginning --max 3");
        out.println("  ./distill tail " + names.interactionsDlq() + " --from-beginning --max 3");
        out.println("  kcat -b " + stack.bootstrapServers() + " -C -t " + names.softLabels() + " -s value=avro -r "
            + stack.schemaRegistryUrl() + " -c 1");
        out.flush();
        while (!context.shutdown().await(Duration.ofSeconds(1))) {
            final Optional<String> failure = pipeline.failure();
            if (failure.isPresent()) {
                throw new DistillException(failure.get());
            }
        }
    }

    private LocalStack startStack(final LocalStackConfig stackConfig, final TopicNames names) {
        final LocalStack stack;
        try {
            stack = LocalStack.start(stackConfig, DistillTopics.specs(names));
        } catch (final LocalStackException e) {
            throw new DistillException("Cannot start the local stack in " + stackConfig.dir() + ": " + e.getMessage()
                + " Is 'distill up' or another 'distill demo' running? Stop it, or run the demo elsewhere with --dir and"
                + " other ports (--set " + LocalStackConfig.KAFKA_PORT_CONFIG + "=0 ...).", e);
        }
        try (SchemaRegistryClient client = SchemaRegistryClients.create(
                Map.of(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.schemaRegistryUrl().toString()))) {
            DistillTopics.registerValueSchemas(client, names);
        } catch (final RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    /** Fails in a second, naming the setting, instead of after the stack has started. */
    private static void requireFreePorts(final LocalStackConfig stack, final EdgeConfig edge) {
        stack.firstPortInUse().ifPresent(key -> {
            throw new DistillException(String.format(Locale.ROOT, "Port %d (%s) is already in use on %s. Is 'distill up' or"
                + " another 'distill demo' running? Stop it, or choose other ports: --set %s=0 picks a free one.",
                stack.port(key), key, stack.host(), key));
        });
        if (edge.httpPort() != 0 && !Loopback.isPortFree(edge.httpHost(), edge.httpPort())) {
            throw new DistillException(String.format(Locale.ROOT, "Port %d (%s) is already in use on %s. Is an edge or another"
                + " 'distill demo' running? Stop it, or choose another port: --set %s=0 picks a free one.", edge.httpPort(),
                EdgeConfig.HTTP_PORT, edge.httpHost(), EdgeConfig.HTTP_PORT));
        }
    }

    /** The stack's configuration with its directory absolute: the broker's child JVM would resolve a relative one again. */
    private static LocalStackConfig withAbsoluteDir(final Map<String, String> config) {
        final Map<String, String> absolute = new HashMap<>(config);
        absolute.put(LocalStackConfig.DIR_CONFIG, new LocalStackConfig(config).dir().toAbsolutePath().normalize().toString());
        return new LocalStackConfig(absolute);
    }

    /**
     * The services' settings: the configuration pointed at the stack, Kafka Streams state in the data directory, static
     * group membership, and smaller metrics windows than the student's default unless configured.
     */
    private Map<String, Object> serviceSettings(final LocalStack stack, final LocalStackConfig stackConfig) {
        final Map<String, Object> settings = new HashMap<>(config);
        final String configured = config.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        if (configured != null && !configured.equals(stack.bootstrapServers()) && !configured.startsWith("localhost:")) {
            note("Note: the demo runs against its own local stack at %s, not %s=%s", stack.bootstrapServers(),
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, configured);
        }
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        settings.put(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.schemaRegistryUrl().toString());
        settings.putIfAbsent(StreamsConfig.STATE_DIR_CONFIG, stackConfig.dir().resolve(STATE_DIR).toString());
        settings.putIfAbsent(StudentConfig.METRICS_WINDOW_EVENTS, String.valueOf(METRICS_WINDOW_EVENTS));
        // Static members, as the teacher is by default: after Ctrl-C the broker may stop before the services have
        // left their groups, and the next run would wait for the old members' sessions to expire (45 s).
        settings.putIfAbsent(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), STATIC_MEMBER_ID);
        return settings;
    }

    /**
     * The ledger, or an empty one when the interactions topic holds nothing (the broker's data was removed since), so
     * the sources start from their beginning again.
     */
    private DemoLedger checkedLedger(final DemoLedger ledger, final Map<String, Object> settings, final TopicNames names)
        throws InterruptedException {
        if (ledger.published().isEmpty()) {
            return ledger;
        }
        final Map<String, Object> admin = new HashMap<>(ClientSettings.admin(settings));
        try (Admin client = Admin.create(admin)) {
            final int partitions = client.describeTopics(List.of(names.interactions())).allTopicNames().get()
                .get(names.interactions()).partitions().size();
            final Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                ends.put(new TopicPartition(names.interactions(), p), OffsetSpec.latest());
            }
            final long records = client.listOffsets(ends).all().get().values().stream().mapToLong(o -> o.offset()).sum();
            if (records == 0) {
                note("The topics are empty: the sources start from their beginning again");
                return ledger.cleared();
            }
            return ledger;
        } catch (final ExecutionException e) {
            throw new DistillException("Cannot read the end of " + names.interactions() + ": " + e.getCause(), e.getCause());
        }
    }

    private DemoSource openSource(final DemoLedger ledger) {
        if (options.dataset() != null) {
            return DemoSource.dataset(options.dataset(), options.format(), options.limit(), ledger::published);
        }
        return DemoSource.synthetic(options.events(), ledger::published);
    }

    /**
     * After Ctrl-C the broker is going away at the same moment (the terminal signals it too, and its own shutdown hook
     * stops it), so a service may wait in vain for it: each gets {@code patience} to stop cleanly, then the JVM's exit
     * ends it. Exactly-once holds either way: an unfinished transaction is aborted.
     */
    private void closeWithin(final AutoCloseable services, final Duration patience) throws InterruptedException {
        final Thread closing = new Thread(() -> {
            try {
                services.close();
            } catch (final Exception e) {
                err.println("Stopping the services failed: " + e);
            }
        }, "distill-demo-stop");
        closing.setDaemon(true);
        closing.start();
        closing.join(patience.toMillis());
        if (closing.isAlive()) {
            note("The services did not stop within %d s (the broker stopped first); leaving them to the JVM's exit",
                patience.toSeconds());
        }
    }

    /** A line on stderr: what the demo is doing. */
    private void note(final String format, final Object... args) {
        err.println(String.format(Locale.ROOT, format, args));
        err.flush();
    }
}
