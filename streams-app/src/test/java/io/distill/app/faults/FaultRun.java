package io.distill.app.faults;

import io.distill.datasets.SyntheticParams;
import io.distill.schemas.topics.TopicNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the process-level fault tests share: a broker and registry of their own, distill's topics, the three
 * workers as child JVMs, the feed, progress, the audit and the summary file ({@code target/faults/<name>/summary.txt}).
 *
 * <p>Sizes come from system properties, so the soak profile ({@code -Psoak}) runs the same tests bigger:
 * {@value #EVENTS} (good events, default 50,000), {@value #KILLS} (kills per worker, default 1), {@value #RATE}
 * (events per second the feed publishes, default 1,000), {@value #BAD_EVERY} (a bad record after every this many
 * good ones, default 500), {@value #PARTITIONS} (default 3).
 */
final class FaultRun implements AutoCloseable {
    static final String EVENTS = "distill.faults.events";
    static final String KILLS = "distill.faults.kills";
    static final String RATE = "distill.faults.rate";
    static final String BAD_EVERY = "distill.faults.bad.every";
    static final String PARTITIONS = "distill.faults.partitions";

    private static final Logger LOG = LoggerFactory.getLogger(FaultRun.class);

    private final String name;
    private final Path logDir;
    private final FaultStack stack;
    private final PipelineLayout layout;
    private final Map<WorkerRole, WorkerProcess> workers = new EnumMap<>(WorkerRole.class);
    private final Admin admin;
    private final EventFeed feed;
    private final long started = System.nanoTime();
    private double quietSeconds;

    /** Starts the broker and registry, creates the topics; starts no worker yet. */
    FaultRun(final String name, final Path tempDir) throws IOException {
        this(name, tempDir, Map.of());
    }

    /** As {@link #FaultRun(String, Path)}, with settings added to every worker's. */
    FaultRun(final String name, final Path tempDir, final Map<String, String> workerSettings) throws IOException {
        this.name = name;
        this.logDir = Path.of("target", "faults", name).toAbsolutePath();
        Files.createDirectories(logDir);
        this.stack = FaultStack.start(tempDir.resolve("stack"));
        this.layout = PipelineLayout.of(name, Integer.getInteger(PARTITIONS, 3), stack.bootstrapServers(), stack.registryUrl(),
            tempDir.resolve("state"));
        stack.createTopics(layout.topics());
        this.admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
        final SyntheticParams params = SyntheticParamsFor.events(events());
        this.feed = new EventFeed(layout, params, Integer.getInteger(RATE, 1_000), Integer.getInteger(BAD_EVERY, 500), BadInput.REAL);
        for (final WorkerRole role : WorkerRole.values()) {
            final Map<String, String> settings = new TreeMap<>(layout.settings(role));
            settings.putAll(workerSettings);
            workers.put(role, new WorkerProcess(role, settings, logDir));
        }
    }

    static long events() {
        return Long.getLong(EVENTS, 50_000);
    }

    /** How long each phase may take: 10 minutes per 50,000 events. */
    static Duration timeout() {
        return Duration.ofMinutes(10 * Math.max(1, (events() + 49_999) / 50_000));
    }

    static int killsPerWorker() {
        return Integer.getInteger(KILLS, 1);
    }

    FaultStack stack() {
        return stack;
    }

    PipelineLayout layout() {
        return layout;
    }

    EventFeed feed() {
        return feed;
    }

    Map<WorkerRole, WorkerProcess> workers() {
        return workers;
    }

    void startWorkers() {
        workers.values().forEach(WorkerProcess::start);
    }

    /** Each worker's output when the whole stream has gone through: records in, valid events, valid events. */
    Map<WorkerRole, Long> totals() {
        final long valid = feed.goodEvents();
        return Map.of(WorkerRole.INGEST, feed.expectedRecords(), WorkerRole.TEACHER, valid, WorkerRole.STUDENT, valid);
    }

    /** A worker's output so far (high watermarks: committed or not, markers included), in records. */
    long progress(final WorkerRole role) {
        final TopicNames topics = layout.topics();
        return switch (role) {
            case INGEST -> PipelineAudit.highWatermark(admin, topics.interactionsValid())
                + PipelineAudit.highWatermark(admin, topics.interactionsDlq());
            case TEACHER -> PipelineAudit.highWatermark(admin, topics.softLabels());
            case STUDENT -> PipelineAudit.highWatermark(admin, topics.recommendations());
        };
    }

    /** @throws AssertionError if a worker has exited on its own or the feed has failed */
    void requireHealthy() {
        feed.requireHealthy();
        workers.values().forEach(Chaos::requireAlive);
    }

    /** Waits for the feed, checks every worker still runs, then waits until quiet and audits. */
    PipelineAudit.Result finish(final Duration timeout) throws InterruptedException {
        feed.awaitDone(timeout);
        final long fed = System.nanoTime();
        requireHealthy();
        final PipelineAudit.Result result = PipelineAudit.awaitQuietAndAudit(layout, layout.settings(), feed.validIds(),
            feed.badMarkers(), timeout);
        workers.values().forEach(Chaos::requireAlive);
        quietSeconds = seconds(fed, System.nanoTime());
        return result;
    }

    /** Writes {@code lines} plus the run's figures to {@code summary.txt} and the log. */
    void writeSummary(final List<String> lines) throws IOException {
        final List<String> all = new ArrayList<>(lines);
        for (final WorkerProcess worker : workers.values()) {
            all.add(String.format(Locale.ROOT, "%-8s starts %d, kills %d", worker.role().label(), worker.starts(), worker.kills()));
        }
        all.add(String.format(Locale.ROOT, "feed %.1f s for %,d events; quiet and audited %.1f s after the schedule and the feed"
            + " were done; %.1f s from broker start to the end of the audit", feed.seconds(), feed.goodEvents(), quietSeconds,
            seconds(started, System.nanoTime())));
        if (feed.recoveries() > 0) {
            all.add(String.format(Locale.ROOT, "feed: %d failed send(s), %,d unacknowledged records sent again with a new producer",
                feed.recoveries(), feed.resent()));
        }
        Files.write(logDir.resolve("summary.txt"), all, StandardCharsets.UTF_8);
        all.forEach(line -> LOG.info("{}: {}", name, line));
    }

    private static double seconds(final long from, final long to) {
        return (to - from) / 1e9;
    }

    /** Stops the feed, the workers (SIGTERM), then the broker and registry. */
    @Override
    public void close() throws InterruptedException {
        try {
            feed.close();
        } finally {
            try {
                workers.values().forEach(WorkerProcess::close);
                admin.close();
            } finally {
                stack.close();
            }
        }
    }
}
