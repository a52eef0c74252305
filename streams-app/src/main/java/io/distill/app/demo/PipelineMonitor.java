package io.distill.app.demo;

import io.distill.app.ingest.DeadLetterHeaders;
import io.distill.avro.DistillMetrics;
import io.distill.avro.Interaction;
import io.distill.avro.Recommendation;
import io.distill.avro.SoftLabel;
import io.distill.runtime.ClientSettings;
import io.distill.schemas.DistillException;
import io.distill.schemas.serde.SpecificAvroSerde;
import io.distill.schemas.topics.TopicNames;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the whole pipeline from the outside, as any consumer would: reads all six topics with read_committed, from
 * where they ended when the monitor started, on a thread of its own, without a consumer group. It counts records per
 * topic and dead-letters per reason, tracks per valid eventId whether its soft label and its recommendation have
 * appeared (so "done" means every valid event of this run went all the way through, regardless of what earlier runs
 * left behind), keeps the student's metrics windows and the latest recommendation per user.
 */
final class PipelineMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineMonitor.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(30);
    private static final String STUDENT_WORKER = "student";
    private static final byte VALID = 1;
    private static final byte LABELLED = 2;
    private static final byte RECOMMENDED = 4;
    private static final byte DONE = VALID | LABELLED | RECOMMENDED;

    private final TopicNames names;
    private final Clock clock;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final SpecificAvroSerde<Interaction> interactions = new SpecificAvroSerde<>(Interaction.class);
    private final SpecificAvroSerde<SoftLabel> labels = new SpecificAvroSerde<>(SoftLabel.class);
    private final SpecificAvroSerde<Recommendation> recommendationSerde = new SpecificAvroSerde<>(Recommendation.class);
    private final SpecificAvroSerde<DistillMetrics> metrics = new SpecificAvroSerde<>(DistillMetrics.class);
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean stopping;
    private volatile Throwable failure;

    // guarded by this
    private final Map<String, Byte> events = new HashMap<>();
    private final Map<String, Long> reasons = new TreeMap<>();
    private final Map<String, Recommendation> latest = new HashMap<>();
    private final Map<String, Long> recommendationsPerUser = new HashMap<>();
    private final List<DistillMetrics> windows = new ArrayList<>();
    private long interactionRecords;
    private long validRecords;
    private long validEvents;
    private long deadLettered;
    private long softLabels;
    private long recommendations;
    private long labelled;
    private long recommended;
    private long complete;
    private long duplicateLabels;
    private long duplicateRecommendations;
    private long undecodable;
    private long lastRecommendationMillis;

    private PipelineMonitor(final Map<String, ?> settings, final TopicNames names, final Clock clock) {
        this.names = names;
        this.clock = clock;
        final Map<String, Object> config = new HashMap<>(ClientSettings.consumer(settings));
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "distill-demo-monitor");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) LOOKUP_TIMEOUT.toMillis());
        final Map<String, Object> registry = ClientSettings.registry(settings);
        for (final SpecificAvroSerde<? extends SpecificRecord> serde : List.of(interactions, labels, recommendationSerde, metrics)) {
            serde.configure(registry, false);
        }
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "distill-demo-monitor");
        thread.setDaemon(true);
    }

    /**
     * A monitor positioned at the current end of every topic: it sees what is written from now on.
     *
     * @param settings Kafka client and schema-registry settings
     * @throws DistillException when a topic is missing or Kafka does not answer
     */
    static PipelineMonitor start(final Map<String, ?> settings, final TopicNames names, final Clock clock) {
        final PipelineMonitor monitor = new PipelineMonitor(settings, names, clock);
        try {
            monitor.assignAtEnd();
        } catch (final RuntimeException e) {
            monitor.closeClients();
            throw e;
        }
        monitor.thread.start();
        return monitor;
    }

    private void assignAtEnd() {
        final List<TopicPartition> partitions = new ArrayList<>();
        for (final String topic : names.all()) {
            final List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(topic, LOOKUP_TIMEOUT);
            } catch (final KafkaException e) {
                throw new DistillException("Cannot read the partitions of " + topic + ": " + e.getMessage(), e);
            }
            if (infos == null || infos.isEmpty()) {
                throw new DistillException("Topic " + topic + " does not exist");
            }
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // resolve the positions now: what is written after this point belongs to this run
        partitions.forEach(partition -> consumer.position(partition, LOOKUP_TIMEOUT));
    }

    private void run() {
        try {
            while (!stopping) {
                final ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    synchronized (this) {
                        records.forEach(this::accept);
                    }
                }
            }
        } catch (final WakeupException e) {
            // closing
        } catch (final RuntimeException e) {
            if (!stopping) {
                failure = e;
                LOG.warn("The demo's monitor stopped reading the topics: {}", e.toString());
            }
        }
    }

    private void accept(final ConsumerRecord<byte[], byte[]> record) {
        final String topic = record.topic();
        try {
            if (topic.equals(names.interactions())) {
                interactionRecords++;
            } else if (topic.equals(names.interactionsValid())) {
                validRecords++;
                mark(interactions.deserializer().deserialize(topic, record.value()).getEventId(), VALID);
            } else if (topic.equals(names.interactionsDlq())) {
                deadLettered++;
                final String reason = DeadLetterHeaders.value(record.headers(), DeadLetterHeaders.REASON).orElse("(no reason)");
                reasons.merge(reason, 1L, Long::sum);
            } else if (topic.equals(names.softLabels())) {
                softLabels++;
                mark(labels.deserializer().deserialize(topic, record.value()).getEventId(), LABELLED);
            } else if (topic.equals(names.recommendations())) {
                if (record.value() != null) {
                    recommendations++;
                    final Recommendation recommendation = recommendationSerde.deserializer().deserialize(topic, record.value());
                    mark(recommendation.getSourceEventId(), RECOMMENDED);
                    latest.put(recommendation.getUserId(), recommendation);
                    recommendationsPerUser.merge(recommendation.getUserId(), 1L, Long::sum);
                    lastRecommendationMillis = clock.millis();
                }
            } else if (topic.equals(names.metrics())) {
                final DistillMetrics window = metrics.deserializer().deserialize(topic, record.value());
                if (STUDENT_WORKER.equals(window.getWorker())) {
                    windows.add(window);
                }
            }
        } catch (final KafkaException e) {
            undecodable++;
            LOG.debug("Cannot decode a record of {} at offset {}", topic, record.offset(), e);
        }
    }

    private void mark(final String eventId, final byte flag) {
        final byte before = events.getOrDefault(eventId, (byte) 0);
        if ((before & flag) != 0) {
            if (flag == LABELLED) {
                duplicateLabels++;
            } else if (flag == RECOMMENDED) {
                duplicateRecommendations++;
            }
            return;
        }
        final byte after = (byte) (before | flag);
        events.put(eventId, after);
        if (flag == VALID) {
            validEvents++;
        }
        if ((after & (VALID | LABELLED)) == (VALID | LABELLED) && (before & (VALID | LABELLED)) != (VALID | LABELLED)) {
            labelled++;
        }
        if ((after & (VALID | RECOMMENDED)) == (VALID | RECOMMENDED) && (before & (VALID | RECOMMENDED)) != (VALID | RECOMMENDED)) {
            recommended++;
        }
        if (after == DONE) {
            complete++;
        }
    }

    /** What has been read so far. */
    synchronized PipelineSnapshot snapshot() {
        return new PipelineSnapshot(interactionRecords, validRecords, validEvents, deadLettered, reasons, softLabels,
            recommendations, labelled, recommended, complete, duplicateLabels, duplicateRecommendations, latest.size(),
            windows, undecodable, lastRecommendationMillis);
    }

    /** Why the monitor stopped reading, if it did. */
    Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Up to {@code max} valid eventIds still lacking a soft label ({@code label}) or a recommendation, sorted. */
    synchronized List<String> unfinished(final boolean label, final int max) {
        final byte needed = (byte) (VALID | (label ? LABELLED : RECOMMENDED));
        return events.entrySet().stream().filter(e -> (e.getValue() & VALID) != 0 && (e.getValue() & needed) != needed)
            .map(Map.Entry::getKey).sorted().limit(max).collect(Collectors.toList());
    }

    /** The {@code count} users with the most recommendations this run, most first (ties by id). */
    synchronized List<String> busiestUsers(final int count) {
        return recommendationsPerUser.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
            .limit(count).map(Map.Entry::getKey).collect(Collectors.toList());
    }

    /** The latest recommendation read for {@code userId}. */
    synchronized Optional<Recommendation> latest(final String userId) {
        return Optional.ofNullable(latest.get(userId));
    }

    /** Stops reading and closes the consumer. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopping = true;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            closeClients();
        }
    }

    private void closeClients() {
        try {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        } catch (final RuntimeException e) {
            LOG.debug("Closing the monitor's consumer failed", e);
        }
        interactions.close();
        labels.close();
        recommendationSerde.close();
        metrics.close();
    }
}
