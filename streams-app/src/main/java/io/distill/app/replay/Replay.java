package io.distill.app.replay;

import io.distill.app.ingest.IngestConfig;
import io.distill.app.pipeline.MetricsTotals;
import io.distill.app.pipeline.Pipeline;
import io.distill.avro.DistillMetrics;
import io.distill.runtime.ClientSettings;
import io.distill.runtime.metrics.PrometheusRegistry;
import io.distill.schemas.DistillException;
import io.distill.schemas.registry.SchemaRegistryClient;
import io.distill.schemas.registry.SchemaRegistryClients;
import io.distill.schemas.serde.SpecificAvroSerde;
import io.distill.schemas.topics.TopicNames;
import io.distill.student.stream.StudentChecksum;
import io.distill.student.stream.StudentStores;
import io.distill.teacher.worker.TeacherConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link ReplayPlan} in this process: creates the replay's topics, sets the start offsets, runs the services
 * ({@link Pipeline}: the student alone, or ingest, teacher and student) until each has caught up with its input as it
 * was when its turn came, closes them cleanly, then digests the replayed student from its changelogs and adds up its
 * distill-metrics. The original pipeline's state and outputs are only read.
 *
 * <pre>{@code
 * ReplayPlan plan = ReplayPlan.of(ReplayStage.STUDENT, settings, "replay-1", Optional.empty());
 * ReplayResult result = new Replay(plan, Clock.systemUTC(), Duration.ofMinutes(2)).run(listener, pause);
 * result.checksum();              // sha256:... of the replayed student's weights
 * result.replayed().student();    // its prequential NDCG@10 and HR@10
 * }</pre>
 */
public final class Replay {
    private static final Logger LOG = LoggerFactory.getLogger(Replay.class);
    /** How often the committed offsets are checked while waiting. */
    static final Duration POLL = Duration.ofMillis(500);
    private static final String STUDENT_WORKER = "student";

    /** Told how far each stage has come. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param stage {@code ingest}, {@code teacher} or {@code student}
         * @param done  input offsets the stage has committed since its start point
         * @param total input offsets from its start point to its target
         */
        void progress(String stage, long done, long total);
    }

    /** Waits between two checks; true when the replay must stop (Ctrl-C). */
    @FunctionalInterface
    public interface Pause {
        boolean stopRequested(Duration wait) throws InterruptedException;
    }

    /** One service's catch-up: its group, what it reads, where it started. */
    private record Stage(String name, String group, String topic, Map<TopicPartition, Long> start) {
    }

    private final ReplayPlan plan;
    private final Clock clock;
    private final Duration timeout;

    /**
     * @param timeout for each cluster operation and each read of a whole topic (not for catching up, which takes
     *                as long as the input needs)
     */
    public Replay(final ReplayPlan plan, final Clock clock, final Duration timeout) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Runs the replay to its end.
     *
     * @throws DistillException when a topic is missing or taken, a service fails, or {@code pause} asks to stop
     * @throws InterruptedException when interrupted while waiting
     */
    public ReplayResult run(final Listener listener, final Pause pause) throws InterruptedException {
        final Map<String, String> settings = plan.replay();
        final TopicNames topics = plan.replayTopics();
        final long started;
        final long caughtUp;
        try (Admin admin = Admin.create(ClientSettings.admin(settings))) {
            ReplayTopics.create(admin, plan.outputs(), timeout);
            final String firstGroup = plan.stage() == ReplayStage.STUDENT ? plan.replayStudent()
                : new IngestConfig(settings).applicationId();
            final Map<TopicPartition, Long> start = plan.from().isPresent()
                ? ReplayOffsets.startAt(admin, settings, firstGroup, plan.input(), plan.from().get(), timeout)
                : ReplayOffsets.beginning(admin, plan.input(), timeout);
            LOG.info("Replay {} ({}): {} from {}, outputs {}", plan.name(), plan.stage(), plan.input(),
                plan.from().map(Object::toString).orElse("the beginning"), plan.outputs().keySet());
            final List<Stage> stages = new ArrayList<>();
            if (plan.stage() == ReplayStage.ALL) {
                stages.add(new Stage("ingest", firstGroup, plan.input(), start));
                stages.add(new Stage("teacher", new TeacherConfig(settings).groupId(), topics.interactionsValid(), Map.of()));
                stages.add(new Stage("student", plan.replayStudent(), topics.softLabels(), Map.of()));
            } else {
                stages.add(new Stage("student", plan.replayStudent(), plan.input(), start));
            }
            final Set<Pipeline.Role> roles = plan.stage() == ReplayStage.ALL
                ? EnumSet.of(Pipeline.Role.INGEST, Pipeline.Role.TEACHER, Pipeline.Role.STUDENT) : EnumSet.of(Pipeline.Role.STUDENT);
            try (Pipeline pipeline = Pipeline.create(settings, clock, roles, new PrometheusRegistry())) {
                started = System.nanoTime();
                pipeline.start();
                for (final Stage stage : stages) {
                    awaitCaughtUp(admin, pipeline, stage, listener, pause);
                }
                caughtUp = System.nanoTime();
            }
        }
        final Map<String, Long> outputs = new LinkedHashMap<>();
        for (final String topic : plan.outputs().keySet()) {
            outputs.put(topic, (long) TopicReader.readAll(settings, topic, timeout).size());
        }
        final StudentChecksum checksum = StudentChecksum.fromChangelogs(settings, timeout);
        return new ReplayResult(plan, outputs, labelsConsumed(), Duration.ofNanos(caughtUp - started), checksum,
            studentMetrics(settings, topics.metrics()), studentMetrics(plan.original(), plan.originalTopics().metrics()));
    }

    private void awaitCaughtUp(final Admin admin, final Pipeline pipeline, final Stage stage, final Listener listener,
                               final Pause pause) throws InterruptedException {
        final Map<TopicPartition, Long> targets = ReplayOffsets.afterLastRecord(plan.replay(), stage.topic(), timeout);
        final Map<TopicPartition, Long> start = new HashMap<>(stage.start());
        targets.keySet().forEach(partition -> start.putIfAbsent(partition, 0L));
        long total = 0;
        for (final Map.Entry<TopicPartition, Long> target : targets.entrySet()) {
            total += Math.max(0, target.getValue() - start.get(target.getKey()));
        }
        LOG.info("Replay {}: waiting for the {} (group {}) to pass {} on {}", plan.name(), stage.name(), stage.group(), targets,
            stage.topic());
        while (true) {
            pipeline.failure().ifPresent(failure -> {
                throw new DistillException("replay " + plan.name() + " failed: " + failure);
            });
            final Map<TopicPartition, Long> committed = ReplayOffsets.committed(admin, stage.group(), timeout);
            long done = 0;
            boolean caughtUp = true;
            for (final Map.Entry<TopicPartition, Long> target : targets.entrySet()) {
                final long from = start.get(target.getKey());
                final long at = committed.getOrDefault(target.getKey(), from);
                done += Math.max(0, Math.min(at, target.getValue()) - from);
                caughtUp &= at >= target.getValue();
            }
            listener.progress(stage.name(), done, total);
            if (caughtUp) {
                return;
            }
            if (pause.stopRequested(POLL)) {
                throw new DistillException("replay " + plan.name() + " stopped before the " + stage.name() + " caught up ("
                    + done + " of " + total + " offsets); its topics and state are left as they are");
            }
        }
    }

    /** The replayed student's labels-consumed counters, from its meta store's changelog. */
    private long labelsConsumed() {
        final Map<Integer, Long> latest = new HashMap<>();
        for (final ConsumerRecord<byte[], byte[]> record : TopicReader.readAll(plan.replay(),
            StudentStores.changelogTopic(plan.replayStudent(), StudentStores.META), timeout)) {
            if (record.value() != null && StudentStores.META_COUNTERS.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                latest.put(record.partition(), ByteBuffer.wrap(record.value()).getLong());
            }
        }
        return latest.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Every student window of a metrics topic, added up. */
    private MetricsTotals studentMetrics(final Map<String, String> settings, final String topic) {
        final Map<String, Object> registrySettings = new HashMap<>(ClientSettings.registry(settings));
        final List<DistillMetrics> windows = new ArrayList<>();
        try (SchemaRegistryClient registry = SchemaRegistryClients.create(registrySettings);
             SpecificAvroSerde<DistillMetrics> serde = new SpecificAvroSerde<>(DistillMetrics.class, registry)) {
            serde.configure(registrySettings, false);
            for (final ConsumerRecord<byte[], byte[]> record : TopicReader.readAll(settings, topic, timeout)) {
                final DistillMetrics window = serde.deserializer().deserialize(topic, record.value());
                if (STUDENT_WORKER.equals(window.getWorker())) {
                    windows.add(window);
                }
            }
        }
        return MetricsTotals.of(windows);
    }
}
