package io.distill.app.evaluate;

import io.distill.app.pipeline.MetricsTotals;
import io.distill.app.pipeline.Pipeline;
import io.distill.app.topics.DistillTopics;
import io.distill.avro.DistillMetrics;
import io.distill.avro.Interaction;
import io.distill.evaluation.Progress;
import io.distill.runtime.ClientSettings;
import io.distill.runtime.metrics.PrometheusRegistry;
import io.distill.schemas.DistillException;
import io.distill.schemas.serde.SpecificAvroSerde;
import io.distill.schemas.topics.TopicNames;
import io.distill.stack.TopicProvisioner;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live counterpart of the offline evaluation: streams events through a real pipeline (ingest, teacher
 * and student in this JVM, on whatever cluster the settings name) and adds up what the student published
 * to {@code distill-metrics}. Every run uses fresh topics and application ids (prefixed with a run id, one
 * partition each, so the run is deterministic and comparable with the offline replay) and deletes its topics
 * afterwards unless asked to keep them.
 */
public final class LiveEvaluation {
    private static final Logger LOG = LoggerFactory.getLogger(LiveEvaluation.class);
    private static final Duration POLL = Duration.ofMillis(200);

    /**
     * @param runId           prefix of this run's topics and application ids
     * @param totals          the metrics windows the student published, added up
     * @param recommendations recommendations published (one per soft label)
     * @param elapsed         from the first event sent to the last metrics window read
     */
    public record Result(String runId, MetricsTotals totals, long recommendations, Duration elapsed) {
    }

    private LiveEvaluation() {
    }

    /**
     * @param settings cluster and registry settings (and any teacher.* / student.* overrides); topic names and
     *                 application ids are replaced by this run's own
     * @param events   the stream, in event-time order, all expected to be valid
     * @param timeout  how long to wait for the pipeline to finish
     * @param keep     keep the run's topics (for inspection) instead of deleting them
     */
    public static Result run(final Map<String, String> settings, final List<Interaction> events, final Duration timeout,
                             final boolean keep, final Progress progress) throws InterruptedException {
        final String runId = "evaluate-" + UUID.randomUUID().toString().substring(0, 8);
        final Map<String, String> config = runSettings(settings, runId);
        final TopicNames names = TopicNames.from(config);
        final Map<String, Object> admin = ClientSettings.admin(config);
        try (Admin client = Admin.create(admin)) {
            new TopicProvisioner(client, Duration.ofSeconds(60), TopicProvisioner.OnMismatch.FAIL).ensure(DistillTopics.specs(names));
        }
        final long started = System.nanoTime();
        try (Pipeline pipeline = Pipeline.create(config, Clock.systemUTC(),
            EnumSet.of(Pipeline.Role.INGEST, Pipeline.Role.TEACHER, Pipeline.Role.STUDENT), new PrometheusRegistry())) {
            pipeline.start();
            publish(config, names.interactions(), events);
            final long deadline = System.nanoTime() + timeout.toNanos();
            final List<DistillMetrics> windows = new ArrayList<>();
            final long recommendations;
            try (KafkaConsumer<String, byte[]> consumer = consumer(config)) {
                final TopicPartition recs = new TopicPartition(names.recommendations(), 0);
                final TopicPartition metrics = new TopicPartition(names.metrics(), 0);
                consumer.assign(List.of(recs, metrics));
                consumer.seekToBeginning(List.of(recs, metrics));
                try (SpecificAvroSerde<DistillMetrics> serde = new SpecificAvroSerde<>(DistillMetrics.class)) {
                    serde.configure(ClientSettings.registry(config), false);
                    long seen = 0;
                    long windowEvents = 0;
                    while (seen < events.size() || windowEvents < events.size()) {
                        if (System.nanoTime() > deadline) {
                            throw new DistillException("live evaluation " + runId + " timed out after " + timeout + ": "
                                + seen + " of " + events.size() + " recommendations and " + windowEvents
                                + " events in metrics windows; " + pipeline.failure().orElse("no service failed"));
                        }
                        for (final ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                            if (record.topic().equals(names.recommendations())) {
                                seen++;
                            } else {
                                final DistillMetrics window = serde.deserializer().deserialize(record.topic(), record.value());
                                windows.add(window);
                                windowEvents += window.getEvents();
                            }
                        }
                        progress.update("live pipeline", seen, events.size());
                    }
                    recommendations = seen;
                }
            }
            final Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            LOG.info("live evaluation {}: {} events, {} recommendations, {} metrics windows in {}", runId, events.size(),
                recommendations, windows.size(), elapsed);
            return new Result(runId, MetricsTotals.of(windows), recommendations, elapsed);
        } finally {
            if (!keep) {
                try (Admin client = Admin.create(admin)) {
                    client.deleteTopics(names.all()).all().get();
                } catch (final ExecutionException e) {
                    LOG.warn("could not delete the topics of live evaluation {}: {}", runId, e.getCause().getMessage());
                }
            }
        }
    }

    /** The caller's settings with this run's own topics, application ids, one partition and a prompt metrics flush. */
    static Map<String, String> runSettings(final Map<String, String> settings, final String runId) {
        final Map<String, String> config = new HashMap<>(settings);
        config.putAll(TopicNames.DEFAULT.prefixed(runId).nameSettings());
        config.put(TopicNames.PARTITIONS, "1");
        config.put("ingest.application.id", runId + "-ingest");
        config.put("teacher.group.id", runId + "-teacher");
        config.put("teacher.transactional.id", runId + "-teacher-0");
        config.put("student.application.id", runId + "-student");
        config.put("student.metrics.flush.ms", "2000");
        config.putIfAbsent("commit.interval.ms", "200");
        return config;
    }

    private static void publish(final Map<String, String> config, final String topic, final List<Interaction> events) {
        final Map<String, Object> producer = ClientSettings.producer(config);
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        try (SpecificAvroSerde<Interaction> serde = new SpecificAvroSerde<>(Interaction.class)) {
            serde.configure(ClientSettings.registry(config), false);
            try (KafkaProducer<String, Interaction> client = new KafkaProducer<>(producer, new StringSerializer(), serde.serializer())) {
                for (final Interaction event : events) {
                    client.send(new ProducerRecord<>(topic, null, event.getTimestamp().toEpochMilli(), event.getUserId(), event));
                }
                client.flush();
            }
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(final Map<String, String> config) {
        final Map<String, Object> consumer = ClientSettings.consumer(config);
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new KafkaConsumer<>(consumer, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
