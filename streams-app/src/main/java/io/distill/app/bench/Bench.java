package io.distill.app.bench;

import io.distill.app.cli.CliContext;
import io.distill.app.cli.Pacer;
import io.distill.app.cli.ProgressBar;
import io.distill.app.cli.QuietLogging;
import io.distill.app.ingest.IngestConfig;
import io.distill.app.pipeline.Pipeline;
import io.distill.app.topics.DistillTopics;
import io.distill.avro.Interaction;
import io.distill.avro.Recommendation;
import io.distill.datasets.InteractionSource;
import io.distill.datasets.SyntheticStream;
import io.distill.runtime.ClientSettings;
import io.distill.runtime.StreamsRunner;
import io.distill.runtime.metrics.PrometheusRegistry;
import io.distill.schemas.DistillException;
import io.distill.schemas.registry.SchemaRegistryClient;
import io.distill.schemas.registry.SchemaRegistryClientConfig;
import io.distill.schemas.registry.SchemaRegistryClients;
import io.distill.schemas.serde.SpecificAvroSerde;
import io.distill.schemas.topics.TopicNames;
import io.distill.stack.LocalStack;
import io.distill.stack.LocalStackConfig;
import io.distill.stack.LocalStackException;
import io.distill.stack.TopicProvisioner;
import io.distill.stack.TopicSpec;
import io.distill.student.StudentSettings;
import io.distill.student.stream.StudentConfig;
import io.distill.teacher.TeacherSettings;
import io.distill.teacher.worker.TeacherConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code distill bench} from start to end, in this JVM: on a local stack of its own (or the configured cluster with
 * {@code --external}) it publishes a backlog of synthetic interactions once, then, round after round, times how long
 * each stage takes to drain a backlog on fresh topics and application ids ({@link BenchStage}): a no-op Kafka Streams
 * pass-through, the ingest, the teacher and the student alone, and the three together. The teacher of a round reads
 * what the ingest of that round wrote, the student what the teacher wrote. Then it paces the full pipeline at a fixed
 * rate and measures each event's latency to its recommendation. The result is a {@link BenchReport}.
 *
 * <p>Every stage runs under the same settings as {@code distill demo} would give it: the configured Kafka Streams and
 * client keys, exactly-once v2; the pass-through runs through the same {@link StreamsRunner} as the ingest and the
 * student, so it differs from them only by what the topology does.
 *
 * <p>Output: progress and notes on stderr; the report is the caller's to print.
 */
public final class Bench {
    private static final Logger LOG = LoggerFactory.getLogger(Bench.class);
    /** Fraction of the measured full-pipeline throughput the latency runs are paced at unless {@code --rate} says. */
    public static final double DEFAULT_RATE_FRACTION = 0.5;
    private static final Duration WATCH_EVERY = Duration.ofMillis(100);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PUBLISHER_STOP = Duration.ofSeconds(30);
    private static final String STATE_DIR = "state";
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
        .withZone(ZoneOffset.UTC);

    /** A stop was requested (Ctrl-C): the run ends without a report. */
    private static final class Stopped extends Exception {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("stopped", null, false, false);
        }
    }

    /** What a drain left for the next stage of its round. */
    private record Drained(Measurement measurement, Map<String, Long> counts) {
    }

    private final BenchOptions options;
    private final Map<String, String> config;
    private final CliContext context;
    private final boolean verbose;
    private final Clock clock;
    private final DoubleSupplier load;
    private final PrintWriter err;

    /**
     * @param options what to measure
     * @param config  the merged settings (cluster and registry with {@code --external}, {@code local.stack.*}
     *                otherwise, and any service keys: {@code student.*}, {@code teacher.*}, Kafka Streams' own)
     * @param context where progress goes, the clock, the stop signal
     * @param verbose keep the services' logs at their configured levels
     */
    public Bench(final BenchOptions options, final Map<String, String> config, final CliContext context, final boolean verbose) {
        this(options, config, context, verbose, Bench::systemLoad);
    }

    Bench(final BenchOptions options, final Map<String, String> config, final CliContext context, final boolean verbose,
          final DoubleSupplier load) {
        this.options = options;
        this.config = Map.copyOf(config);
        this.context = context;
        this.verbose = verbose;
        this.clock = context.clock();
        this.load = load;
        this.err = context.err();
    }

    /**
     * Runs every measurement.
     *
     * @return the report, or empty when a stop was requested before it was complete
     * @throws DistillException when the stack, a service or a publish fails, or a stage makes no progress for the
     *                          timeout
     * @throws org.apache.kafka.common.config.ConfigException naming the key of a bad setting
     */
    public Optional<BenchReport> run() throws InterruptedException {
        try (QuietLogging logging = verbose ? QuietLogging.unchanged() : QuietLogging.quiet()) {
            return options.external() ? runExternal() : runLocal();
        } catch (final Stopped e) {
            note("Stopped before the end: nothing to report");
            return Optional.empty();
        }
    }

    private Optional<BenchReport> runExternal() throws InterruptedException, Stopped {
        final Path state = temporaryDirectory("distill-bench-state-");
        try {
            final Map<String, Object> settings = new HashMap<>(config);
            settings.putIfAbsent(StreamsConfig.STATE_DIR_CONFIG, state.toString());
            return Optional.of(measure(settings, "external cluster at " + config.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG),
                true));
        } finally {
            deleteRecursively(state);
        }
    }

    private Optional<BenchReport> runLocal() throws InterruptedException, Stopped {
        final boolean temporary = !config.containsKey(LocalStackConfig.DIR_CONFIG);
        final Path dir = temporary ? temporaryDirectory("distill-bench-")
            : new LocalStackConfig(config).dir().toAbsolutePath().normalize();
        try {
            final Map<String, String> stackSettings = new HashMap<>(config);
            stackSettings.put(LocalStackConfig.DIR_CONFIG, dir.toString());
            final LocalStackConfig stackConfig = new LocalStackConfig(stackSettings);
            requireFreePorts(stackConfig);
            note("Starting a local stack in %s...", dir);
            final LocalStack stack;
            try {
                stack = LocalStack.start(stackConfig, List.of());
            } catch (final LocalStackException e) {
                throw new DistillException("Cannot start the local stack in " + dir + ": " + e.getMessage()
                    + " Choose other ports (--set " + LocalStackConfig.KAFKA_PORT_CONFIG + "=0 ...) or another --dir.", e);
            }
            try (stack) {
                note("Local stack up: Kafka at %s, schema registry at %s", stack.bootstrapServers(), stack.schemaRegistryUrl());
                final Map<String, Object> settings = new HashMap<>(config);
                settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
                settings.put(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.schemaRegistryUrl().toString());
                settings.putIfAbsent(StreamsConfig.STATE_DIR_CONFIG, dir.resolve(STATE_DIR).toString());
                final String broker = "local stack at " + stack.bootstrapServers()
                    + (temporary ? " (temporary directory, deleted afterwards)" : " (data in " + dir + ")");
                return Optional.of(measure(settings, broker, !temporary));
            } finally {
                note("Stopping the local stack...");
            }
        } finally {
            if (temporary) {
                deleteRecursively(dir);
            }
        }
    }

    /** Everything on one cluster: publish the backlog, the rounds, the latency runs; cleans up after itself. */
    private BenchReport measure(final Map<String, Object> settings, final String broker, final boolean cleanUp)
        throws InterruptedException, Stopped {
        final String runId = "bench-" + RUN_TIME.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 4);
        final BenchEnvironment environment = environment(settings, broker);
        final TopicNames layout = TopicNames.from(settings);
        try (Admin admin = Admin.create(ClientSettings.admin(settings))) {
            try {
                return measureOn(admin, settings, runId, environment, layout);
            } finally {
                if (cleanUp && !options.keepTopics()) {
                    deleteRun(admin, settings, runId);
                } else if (options.keepTopics()) {
                    note("Kept the run's topics, groups and subjects (prefix %s)", runId);
                }
            }
        }
    }

    private BenchReport measureOn(final Admin admin, final Map<String, Object> settings, final String runId,
                                  final BenchEnvironment environment, final TopicNames layout)
        throws InterruptedException, Stopped {
        final TopicProvisioner provisioner = new TopicProvisioner(admin, ADMIN_TIMEOUT, TopicProvisioner.OnMismatch.FAIL);
        final List<Interaction> world = events(options);
        final List<Interaction> backlog = world.subList(0, (int) options.events());
        final String input = runId + "-interactions";
        provisioner.ensure(List.of(kept(layout, input)));
        note("Run %s: publishing %,d interactions to %s...", runId, backlog.size(), input);
        final ProgressBar publishBar = bar("publish", backlog.size());
        final BenchPublisher publisher = new BenchPublisher(settings, input, backlog, null,
            (index, millis) -> publishBar.update(index + 1L), () -> context.shutdown().isRequested(), clock);
        publisher.run();
        publishBar.finish();
        publisher.requireSuccess();
        stopIfRequested();
        note("Published in %.1f s (%,.0f events/s); each stage drains this backlog on fresh topics and application ids",
            backlog.size() / publisher.rate(), publisher.rate());

        final List<Measurement> measurements = new ArrayList<>();
        for (int round = 1; round <= options.repeat(); round++) {
            note("Round %d of %d", round, options.repeat());
            measurements.add(passThrough(provisioner, settings, layout, runId, round, input, backlog.size()));
            final Drained ingest = ingest(provisioner, settings, runId, round, input, backlog.size());
            measurements.add(ingest.measurement());
            final String valid = topic(runId, round, BenchStage.INGEST, TopicNames.DEFAULT.interactionsValid());
            final long validCount = ingest.counts().get(valid);
            final Drained teacher = teacher(provisioner, settings, runId, round, valid, validCount);
            measurements.add(teacher.measurement());
            final String labels = topic(runId, round, BenchStage.TEACHER, TopicNames.DEFAULT.softLabels());
            measurements.add(student(provisioner, settings, runId, round, labels, teacher.counts().get(labels)).measurement());
            measurements.add(pipeline(provisioner, settings, runId, round, input, validCount).measurement());
        }
        final List<LatencyMeasurement> latency = new ArrayList<>();
        if (options.latencyEvents() > 0) {
            final double pipelineRate = Stats.median(measurements.stream().filter(m -> m.stage() == BenchStage.PIPELINE)
                .mapToDouble(Measurement::eventsPerSecond).toArray());
            final double rate = options.rate().orElse(DEFAULT_RATE_FRACTION * pipelineRate);
            final List<Interaction> paced = world.subList(0, (int) options.latencyEvents());
            for (int round = 1; round <= options.repeat(); round++) {
                note("Latency run %d of %d: %,d events at %,.0f events/s into a running pipeline", round, options.repeat(),
                    paced.size(), rate);
                latency.add(latency(provisioner, settings, runId, round, paced, rate));
            }
        }
        return new BenchReport(environment.withLoadAfter(load.getAsDouble()), measurements, latency);
    }

    private Measurement passThrough(final TopicProvisioner provisioner, final Map<String, Object> base, final TopicNames layout,
                                    final String runId, final int round, final String input, final long events)
        throws InterruptedException, Stopped {
        final String applicationId = name(runId, round, BenchStage.PASSTHROUGH);
        final String output = applicationId + "-out";
        final Map<String, Object> settings = new HashMap<>(base);
        final StreamsRunner runner = new StreamsRunner(BenchStage.PASSTHROUGH.label(), applicationId, settings);
        final BenchTarget target = BenchTarget.of(runner, PassThrough.topology(input, output), List.of(input, output));
        return drain(provisioner, BenchStage.PASSTHROUGH, round, settings, target, List.of(kept(layout, output)), List.of(output), events)
            .measurement();
    }

    private Drained ingest(final TopicProvisioner provisioner, final Map<String, Object> base, final String runId,
                           final int round, final String input, final long events) throws InterruptedException, Stopped {
        final Map<String, Object> settings = stageSettings(base, runId, round, BenchStage.INGEST);
        settings.put(TopicNames.INTERACTIONS, input);
        final TopicNames names = TopicNames.from(settings);
        return drain(provisioner, BenchStage.INGEST, round, settings, target(settings, Pipeline.Role.INGEST),
            specs(names, names.interactionsValid(), names.interactionsDlq()),
            List.of(names.interactionsValid(), names.interactionsDlq()), events);
    }

    private Drained teacher(final TopicProvisioner provisioner, final Map<String, Object> base, final String runId,
                            final int round, final String valid, final long events) throws InterruptedException, Stopped {
        final Map<String, Object> settings = stageSettings(base, runId, round, BenchStage.TEACHER);
        settings.put(TopicNames.INTERACTIONS_VALID, valid);
        final TopicNames names = TopicNames.from(settings);
        return drain(provisioner, BenchStage.TEACHER, round, settings, target(settings, Pipeline.Role.TEACHER),
            specs(names, names.softLabels()), List.of(names.softLabels()), events);
    }

    private Drained student(final TopicProvisioner provisioner, final Map<String, Object> base, final String runId,
                            final int round, final String labels, final long events) throws InterruptedException, Stopped {
        final Map<String, Object> settings = stageSettings(base, runId, round, BenchStage.STUDENT);
        settings.put(TopicNames.SOFT_LABELS, labels);
        final TopicNames names = TopicNames.from(settings);
        return drain(provisioner, BenchStage.STUDENT, round, settings, target(settings, Pipeline.Role.STUDENT),
            specs(names, names.recommendations(), names.metrics()), List.of(names.recommendations()), events);
    }

    private Drained pipeline(final TopicProvisioner provisioner, final Map<String, Object> base, final String runId,
                             final int round, final String input, final long events) throws InterruptedException, Stopped {
        final Map<String, Object> settings = stageSettings(base, runId, round, BenchStage.PIPELINE);
        settings.put(TopicNames.INTERACTIONS, input);
        final TopicNames names = TopicNames.from(settings);
        return drain(provisioner, BenchStage.PIPELINE, round, settings,
            target(settings, Pipeline.Role.INGEST, Pipeline.Role.TEACHER, Pipeline.Role.STUDENT),
            specs(names, names.interactionsDlq(), names.interactionsValid(), names.softLabels(), names.recommendations(),
                names.metrics()), List.of(names.recommendations()), events);
    }

    /**
     * Creates the stage's output topics, starts reading them, starts the stage and waits until {@code events} output
     * records have been read; closes the stage (untimed).
     */
    private Drained drain(final TopicProvisioner provisioner, final BenchStage stage, final int round,
                          final Map<String, Object> settings, final BenchTarget target, final Collection<TopicSpec> create,
                          final List<String> watch, final long events)
        throws InterruptedException, Stopped {
        try (target) {
            provisioner.ensure(create);
            try (OutputWatcher watcher = OutputWatcher.start(settings, watch, events, (record, receivedMillis) -> { }, clock)) {
                final String what = stage.label() + " " + round + "/" + options.repeat();
                final ProgressBar bar = bar(what, events);
                final double before = load.getAsDouble();
                final long start = System.nanoTime();
                target.start();
                await(what, target, watcher, watcher::count, events, bar, Optional.empty());
                final double after = load.getAsDouble();
                final long done = watcher.doneNanos().orElseThrow();
                final long first = watcher.firstNanos().orElseThrow();
                final Map<String, Long> counts = new LinkedHashMap<>();
                watch.forEach(topic -> counts.put(topic, watcher.count(topic)));
                final Measurement measurement = new Measurement(stage, round, events, Duration.ofNanos(done - start),
                    Duration.ofNanos(first - start), before, after);
                LOG.info("{}: {} events in {} ({} events/s)", what, events, measurement.elapsed(),
                    Math.round(measurement.eventsPerSecond()));
                return new Drained(measurement, counts);
            }
        }
    }

    /** One paced run of the full pipeline on fresh topics, its input included; latency per event by eventId. */
    private LatencyMeasurement latency(final TopicProvisioner provisioner, final Map<String, Object> base, final String runId,
                                       final int round, final List<Interaction> events, final double rate)
        throws InterruptedException, Stopped {
        final Map<String, Object> settings = stageSettings(base, runId, round, null);
        final TopicNames names = TopicNames.from(settings);
        final LatencyRecorder recorder = new LatencyRecorder(events.stream().map(Interaction::getEventId).toList());
        try (BenchTarget target = target(settings, Pipeline.Role.INGEST, Pipeline.Role.TEACHER, Pipeline.Role.STUDENT);
             SpecificAvroSerde<Recommendation> serde = new SpecificAvroSerde<>(Recommendation.class)) {
            serde.configure(ClientSettings.registry(settings), false);
            provisioner.ensure(DistillTopics.specs(names));
            try (OutputWatcher watcher = OutputWatcher.start(settings, List.of(names.recommendations()), events.size(),
                (record, receivedMillis) -> {
                    final Recommendation recommendation = serde.deserializer().deserialize(record.topic(), record.value());
                    recorder.received(recommendation.getSourceEventId(), recommendation.getGeneratedAt().toEpochMilli(),
                        receivedMillis);
                }, clock)) {
                target.start();
                awaitRunning(target);
                final String what = "latency " + round + "/" + options.repeat();
                final ProgressBar bar = bar(what, events.size());
                final AtomicBoolean giveUp = new AtomicBoolean();
                final BenchPublisher publisher = new BenchPublisher(settings, names.interactions(), events, Pacer.atRate(rate),
                    recorder::sent, () -> giveUp.get() || context.shutdown().isRequested(), clock);
                final Thread thread = new Thread(publisher, "distill-bench-paced-publisher");
                thread.setDaemon(true);
                final double before = load.getAsDouble();
                thread.start();
                try {
                    await(what, target, watcher, recorder::count, events.size(), bar, Optional.of(publisher));
                } finally {
                    giveUp.set(true);
                    publisher.awaitDone(PUBLISHER_STOP);
                }
                final double after = load.getAsDouble();
                publisher.requireSuccess();
                if (recorder.ignored() > 0) {
                    LOG.warn("{}: {} recommendations did not match a sent event or repeated one", what, recorder.ignored());
                }
                return new LatencyMeasurement(round, rate, events.size(), publisher.rate(), recorder.generated(),
                    recorder.received(), before, after);
            }
        }
    }

    /**
     * Waits until {@code done} reaches {@code expected}, drawing progress; fails when a service or the watcher (or the
     * publisher) fails, or nothing moves for the timeout.
     */
    private void await(final String what, final BenchTarget target, final OutputWatcher watcher, final LongSupplier done,
                       final long expected, final ProgressBar bar, final Optional<BenchPublisher> publisher)
        throws InterruptedException, Stopped {
        long last = -1;
        long lastChange = System.nanoTime();
        while (true) {
            final long current = done.getAsLong();
            bar.update(current);
            if (current >= expected) {
                bar.finish();
                return;
            }
            final Optional<String> failed = target.failure()
                .or(() -> watcher.failure().map(e -> "reading the output failed: " + e))
                .or(() -> publisher.flatMap(BenchPublisher::failure).map(e -> "publishing failed: " + e));
            if (failed.isPresent()) {
                bar.finish();
                throw new DistillException(what + ": " + failed.get());
            }
            final long now = System.nanoTime();
            if (current != last) {
                last = current;
                lastChange = now;
            } else if (now - lastChange > options.timeout().toNanos()) {
                bar.finish();
                throw new DistillException(String.format(Locale.ROOT, "%s made no progress for %d s: %,d of %,d output records"
                    + " read (--timeout)", what, options.timeout().toSeconds(), current, expected));
            }
            if (context.shutdown().await(WATCH_EVERY)) {
                bar.finish();
                throw new Stopped();
            }
        }
    }

    /** Waits until every service is processing, so the paced events do not queue behind start-up. */
    private void awaitRunning(final BenchTarget target) throws InterruptedException, Stopped {
        final long deadline = System.nanoTime() + options.timeout().toNanos();
        while (!target.running()) {
            final Optional<String> failed = target.failure();
            if (failed.isPresent()) {
                throw new DistillException("the pipeline failed to start: " + failed.get());
            }
            if (System.nanoTime() > deadline) {
                throw new DistillException("the pipeline was not running after " + options.timeout().toSeconds() + " s (--timeout)");
            }
            if (context.shutdown().await(WATCH_EVERY)) {
                throw new Stopped();
            }
        }
    }

    /** The services of {@code roles}, built (settings checked) on the bench's clock, which stamps generatedAt. */
    private BenchTarget target(final Map<String, Object> settings, final Pipeline.Role... roles) {
        return BenchTarget.of(Pipeline.create(settings, clock, List.of(roles), new PrometheusRegistry()));
    }

    /**
     * The run's settings with every topic and application id of one stage its own ({@code <run>-r<round>-<stage>-...});
     * the caller points the stage's input at an existing topic.
     *
     * @param stage null for the latency runs
     */
    static Map<String, Object> stageSettings(final Map<String, Object> base, final String runId, final int round,
                                             final BenchStage stage) {
        final String prefix = stage == null ? runId + "-r" + round + "-latency" : name(runId, round, stage);
        final Map<String, Object> settings = new HashMap<>(base);
        settings.putAll(TopicNames.DEFAULT.prefixed(prefix).nameSettings());
        settings.put(IngestConfig.APPLICATION_ID, prefix + "-ingest");
        settings.put(TeacherConfig.GROUP_ID, prefix + "-teacher");
        settings.put(TeacherConfig.TRANSACTIONAL_ID, prefix + "-teacher-0");
        settings.put(StudentConfig.APPLICATION_ID, prefix + "-student");
        return settings;
    }

    /** {@code <run>-r<round>-<stage>}: the prefix of a stage's topics and application ids. */
    static String name(final String runId, final int round, final BenchStage stage) {
        return runId + "-r" + round + "-" + stage.label();
    }

    /** The name {@link #stageSettings} gives a stage's topic whose default name is {@code topic}. */
    static String topic(final String runId, final int round, final BenchStage stage, final String topic) {
        return name(runId, round, stage) + "-" + topic;
    }

    /** The specs {@link DistillTopics} gives the topics {@code wanted}. */
    private static List<TopicSpec> specs(final TopicNames names, final String... wanted) {
        final Set<String> set = Set.of(wanted);
        return DistillTopics.specs(names).stream().filter(spec -> set.contains(spec.name())).toList();
    }

    /** A topic laid out like {@code interactions}: the run's partitions, kept forever. */
    private static TopicSpec kept(final TopicNames layout, final String name) {
        final TopicSpec like = DistillTopics.specs(layout).get(0);
        return new TopicSpec(name, like.partitions(), like.replicationFactor(), like.configs());
    }

    private static List<Interaction> events(final BenchOptions options) {
        final List<Interaction> events = new ArrayList<>();
        try (InteractionSource source = new SyntheticStream(options.syntheticParams()).open()) {
            source.forEachRemaining(events::add);
        }
        return events;
    }

    private BenchEnvironment environment(final Map<String, Object> settings, final String broker) {
        final StudentSettings student = new StudentConfig(settings).settings();
        final TeacherConfig teacherConfig = new TeacherConfig(settings);
        final TeacherSettings teacher = teacherConfig.teacherSettings();
        final Object configured = settings.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        final Map<String, Object> streams = new HashMap<>(ClientSettings.streams(settings));
        streams.put(StreamsConfig.APPLICATION_ID_CONFIG, "distill-bench");
        streams.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        final long commitInterval = new StreamsConfig(streams).getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        final String commit = commitInterval + (configured == null ? " (Kafka Streams' exactly-once default)" : " (configured)");
        return new BenchEnvironment(clock.instant().truncatedTo(ChronoUnit.SECONDS), broker, options.events(), options.users(),
            options.items(), options.seed(), TopicNames.from(settings).partitions(), commit,
            String.format(Locale.ROOT, "dimension %d, history %d, user factors %s, top-N %d", student.dimension(),
                student.historyLength(), student.userFactors() ? "on" : "off", student.topN()),
            String.format(Locale.ROOT, "item cap %d, top-K %d, negatives %d, %d events per poll", teacher.itemCap(), teacher.topK(),
                teacher.negatives(), teacherConfig.pollMaxRecords()),
            System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
            Runtime.getRuntime().availableProcessors(), load.getAsDouble(), Double.NaN);
    }

    /** Deletes the run's topics (Kafka Streams' internal ones included), consumer groups and subjects; best effort. */
    private void deleteRun(final Admin admin, final Map<String, Object> settings, final String runId) throws InterruptedException {
        try {
            final List<String> topics = admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).stream()
                .filter(topic -> topic.startsWith(runId)).sorted().toList();
            await(admin.deleteTopics(topics).all());
            final List<String> groups = admin.listGroups().all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).stream()
                .map(GroupListing::groupId).filter(group -> group.startsWith(runId)).toList();
            await(admin.deleteConsumerGroups(groups).all());
            note("Deleted the run's %d topics and %d consumer groups", topics.size(), groups.size());
        } catch (final ExecutionException | TimeoutException e) {
            note("Could not delete every topic and group of run %s: %s", runId, e.getCause() == null ? e : e.getCause());
        }
        try (SchemaRegistryClient registry = SchemaRegistryClients.create(ClientSettings.registry(settings))) {
            registry.getAllSubjects().stream().filter(subject -> subject.startsWith(runId)).forEach(registry::deleteSubject);
        } catch (final RuntimeException e) {
            note("Could not delete the schema subjects of run %s: %s", runId, e.getMessage());
        }
    }

    private static void await(final KafkaFuture<Void> future) throws InterruptedException, ExecutionException, TimeoutException {
        future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Fails in a second, naming the setting, instead of after the broker's start-up. */
    private static void requireFreePorts(final LocalStackConfig stack) {
        stack.firstPortInUse().ifPresent(key -> {
            throw new DistillException(String.format(Locale.ROOT, "Port %d (%s) is already in use on %s: is a local stack"
                + " running? Benchmark on it with --external, or choose other ports: --set %s=0 picks a free one.",
                stack.port(key), key, stack.host(), key));
        });
    }

    private ProgressBar bar(final String label, final long total) {
        return ProgressBar.builder(err, label).unit("records").total(total).interactive(context.interactiveErr()).clock(clock)
            .build();
    }

    private void stopIfRequested() throws Stopped {
        if (context.shutdown().isRequested()) {
            throw new Stopped();
        }
    }

    /** A line on stderr: what the bench is doing. */
    private void note(final String format, final Object... args) {
        err.println(String.format(Locale.ROOT, format, args));
        err.flush();
    }

    /** The system's 1-minute load average, or NaN where the platform does not tell. */
    static double systemLoad() {
        final double value = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return value < 0 ? Double.NaN : value;
    }

    private static Path temporaryDirectory(final String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
    }

    private static void deleteRecursively(final Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (final IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.toString());
        }
    }
}
