package io.distill.app.cli;

import io.distill.app.Distill;
import io.distill.avro.Interaction;
import io.distill.datasets.DatasetException;
import io.distill.datasets.DatasetFormat;
import io.distill.datasets.DatasetOptions;
import io.distill.datasets.Datasets;
import io.distill.datasets.InteractionSource;
import io.distill.datasets.SkipReason;
import io.distill.datasets.SkipReport;
import io.distill.datasets.SyntheticParams;
import io.distill.datasets.SyntheticStream;
import io.distill.runtime.ClientSettings;
import io.distill.schemas.DistillException;
import io.distill.schemas.serde.SpecificAvroSerde;
import io.distill.schemas.topics.TopicNames;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code distill produce}: publishes interactions from a dataset file or the synthetic stream to the
 * interactions topic, as a producer application would: Avro values in the Confluent wire format, key = user id,
 * record timestamp = event time, idempotent producer with {@code acks=all}. Shows a progress bar on stderr and
 * prints a summary (events acknowledged, skipped input by reason, elapsed time) at the end or on Ctrl-C.
 */
@Command(name = "produce", sortOptions = false, defaultValueProvider = ProduceCommand.SyntheticDefaults.class,
    description = {"Publish interactions to the interactions topic (topic.interactions) from a dataset file"
        + " (Online Retail, OTTO, MovieLens, generic CSV; .gz is fine) or from the synthetic stream with planted"
        + " preferences. Key = userId, record timestamp = event time."})
public final class ProduceCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ProduceCommand.class);
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(15);
    private static final List<String> SYNTHETIC_OPTIONS = List.of("--events", "--users", "--items", "--seed");

    @Spec
    private CommandSpec spec;

    @Option(names = "--dataset", paramLabel = "PATH", description = "Dataset file to publish.")
    private Path dataset;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "AUTO",
        description = "Format of --dataset: ${COMPLETION-CANDIDATES}; default: detected from the file.")
    private DatasetFormat format;

    @Option(names = "--synthetic", description = "Publish the synthetic stream instead of a file.")
    private boolean synthetic;

    @Option(names = "--events", paramLabel = "N", description = "Synthetic: number of events; default: ${DEFAULT-VALUE}.")
    private long events;

    @Option(names = "--users", paramLabel = "N", description = "Synthetic: number of users; default: ${DEFAULT-VALUE}.")
    private int users;

    @Option(names = "--items", paramLabel = "N", description = "Synthetic: number of items; default: ${DEFAULT-VALUE}.")
    private int items;

    @Option(names = "--seed", paramLabel = "N", description = "Synthetic: random seed; default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--limit", paramLabel = "N", description = "Publish at most N events (default: all).")
    private long limit;

    @Option(names = "--rate", paramLabel = "EVENTS_PER_S",
        description = "Publish at most this many events per second on average (default: as fast as possible).")
    private Double rate;

    @Override
    public Integer call() throws InterruptedException {
        checkArguments();
        final Distill distill = Distill.root(spec);
        final CliContext context = distill.context();
        final Map<String, String> config = distill.config();
        final String topic = TopicNames.from(config).interactions();
        final Map<String, Object> producerConfig = producerConfig(config);
        validate(producerConfig);
        try (InteractionSource source = openSource()) {
            TopicLookup.partitions(ClientSettings.admin(config), topic, LOOKUP_TIMEOUT);
            final Summary summary = publish(source, topic, config, producerConfig, context);
            printSummary(context.out(), topic, summary, source.skipReport());
        }
        return 0;
    }

    private void checkArguments() {
        if (synthetic == (dataset != null)) {
            throw new ParameterException(spec.commandLine(), "Give exactly one of --dataset PATH and --synthetic");
        }
        final ParseResult parsed = spec.commandLine().getParseResult();
        if (!synthetic && SYNTHETIC_OPTIONS.stream().anyMatch(parsed::hasMatchedOption)) {
            throw new ParameterException(spec.commandLine(), "--events, --users, --items and --seed need --synthetic");
        }
        if (synthetic && format != DatasetFormat.AUTO) {
            throw new ParameterException(spec.commandLine(), "--format applies to --dataset only");
        }
        if (dataset != null && !Files.isRegularFile(dataset)) {
            throw new ParameterException(spec.commandLine(), "--dataset " + dataset + ": no such file");
        }
        if (limit < 0) {
            throw new ParameterException(spec.commandLine(), "--limit must be 0 (no limit) or more, got " + limit);
        }
        if (rate != null && !(rate > 0 && Double.isFinite(rate))) {
            throw new ParameterException(spec.commandLine(), "--rate must be above 0, got " + rate);
        }
    }

    /** The source to publish; bad synthetic parameters are argument errors naming the parameter. */
    private InteractionSource openSource() {
        if (!synthetic) {
            return Datasets.open(dataset, format, DatasetOptions.DEFAULTS);
        }
        final SyntheticParams params = SyntheticParams.DEFAULTS
            .withSize(users, items, SyntheticParams.DEFAULTS.groups(), events).withSeed(seed);
        try {
            return new SyntheticStream(params).open();
        } catch (final DatasetException e) {
            throw new ParameterException(spec.commandLine(), "Invalid synthetic stream: " + e.getMessage());
        }
    }

    private Summary publish(final InteractionSource source, final String topic, final Map<String, String> config,
                            final Map<String, Object> producerConfig, final CliContext context)
        throws InterruptedException {
        final long estimated = source.estimatedSize().orElse(-1);
        final long total = limit > 0 && (estimated < 0 || limit < estimated) ? limit : estimated;
        final ProgressBar bar = ProgressBar.builder(context.err(), "produce").unit("events").total(total)
            .interactive(context.interactiveErr()).clock(context.clock()).build();
        final Pacer pacer = rate == null ? null : Pacer.atRate(rate);
        final AtomicLong acknowledged = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicReference<Exception> firstFailure = new AtomicReference<>();
        final long started = context.clock().millis();
        long sent = 0;
        boolean exhausted = false;
        final SpecificAvroSerde<Interaction> values = new SpecificAvroSerde<>(Interaction.class);
        values.configure(ClientSettings.registry(config), false);
        try (values; KafkaProducer<String, Interaction> producer =
                 new KafkaProducer<>(producerConfig, new StringSerializer(), values.serializer())) {
            LOG.info("Publishing {} to {} at {}", source.name(), topic, config.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
            while (true) {
                if ((limit > 0 && sent >= limit) || firstFailure.get() != null || context.shutdown().isRequested()) {
                    break;
                }
                // asked last: hasNext() reads ahead, which would count a record that is never sent
                if (!source.hasNext()) {
                    exhausted = true;
                    break;
                }
                final Interaction interaction = source.next();
                if (pacer != null) {
                    pacer.acquire();
                }
                producer.send(new ProducerRecord<>(topic, null, interaction.getTimestamp().toEpochMilli(),
                    interaction.getUserId(), interaction), (metadata, error) -> {
                        if (error == null) {
                            acknowledged.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, error);
                        }
                    });
                sent++;
                bar.update(sent);
            }
            producer.flush();
            bar.finish();
        }
        if (firstFailure.get() != null) {
            throw new DistillException(failed.get() + " of " + sent + " events were not published to " + topic,
                firstFailure.get());
        }
        return new Summary(acknowledged.get(), Duration.ofMillis(context.clock().millis() - started),
            exhausted, context.shutdown().isRequested() && !exhausted);
    }

    private static Map<String, Object> producerConfig(final Map<String, String> config) {
        final Map<String, Object> producer = new HashMap<>(ClientSettings.producer(config));
        producer.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        producer.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 10);
        producer.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "distill-produce");
        return producer;
    }

    /** Parses the producer settings now, so a bad value (e.g. {@code acks=1} with idempotence) fails before any I/O. */
    private static void validate(final Map<String, Object> producerConfig) {
        final Map<String, Object> withSerializers = new HashMap<>(producerConfig);
        withSerializers.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        withSerializers.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        new ProducerConfig(withSerializers);
    }

    private static void printSummary(final PrintWriter out, final String topic, final Summary summary,
                                     final SkipReport report) {
        final double seconds = summary.elapsed().toMillis() / 1000.0;
        out.printf(Locale.ROOT, "Published %s events to %s in %.1f s (%s events/s)%s%n",
            ProgressBar.count(summary.acknowledged()), topic, seconds,
            ProgressBar.count(seconds == 0 ? summary.acknowledged() : Math.round(summary.acknowledged() / seconds)),
            summary.interrupted() ? ", stopped by a shutdown request"
                : summary.complete() ? "" : ", stopped at --limit");
        out.printf(Locale.ROOT, "Input: %s records read, %s skipped%s%n", ProgressBar.count(report.recordsRead()),
            ProgressBar.count(report.totalSkipped()), summary.complete() ? "" : " (so far)");
        for (final Map.Entry<SkipReason, Long> skipped : report.skipped().entrySet()) {
            final Long line = report.firstLine().get(skipped.getKey());
            out.printf(Locale.ROOT, "  %-22s %12s%s%n", skipped.getKey(), ProgressBar.count(skipped.getValue()),
                line == null ? "" : "  (first at line " + ProgressBar.count(line) + ")");
        }
        out.flush();
    }

    /** The synthetic options' defaults are {@link SyntheticParams#DEFAULTS}, so help and behaviour cannot drift. */
    public static final class SyntheticDefaults implements IDefaultValueProvider {
        @Override
        public String defaultValue(final ArgSpec argument) {
            if (!(argument instanceof OptionSpec option)) {
                return null;
            }
            final SyntheticParams defaults = SyntheticParams.DEFAULTS;
            return switch (option.longestName()) {
                case "--events" -> String.valueOf(defaults.events());
                case "--users" -> String.valueOf(defaults.users());
                case "--items" -> String.valueOf(defaults.items());
                case "--seed" -> String.valueOf(defaults.seed());
                default -> null;
            };
        }
    }

    /** What a run published. */
    private record Summary(long acknowledged, Duration elapsed, boolean complete, boolean interrupted) {
    }
}
