package io.distill.teacher.worker;

import io.distill.avro.Interaction;
import io.distill.avro.SoftLabel;
import io.distill.schemas.registry.SchemaRegistryClient;
import io.distill.schemas.serde.SpecificAvroSerde;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's transactional producer of soft labels: one transaction per batch, holding the batch's labels
 * and the consumer offsets after it. Fencing exceptions propagate (another instance took over); other
 * failures surface as Kafka exceptions for the worker to {@link #abort}. Used by the worker thread only.
 */
final class LabelTransactions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LabelTransactions.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final TeacherConfig config;
    private final SchemaRegistryClient registry;
    private final BooleanSupplier stopRequested;
    private final String logPrefix;
    private Producer<String, SoftLabel> producer;
    private boolean open;

    /**
     * Creates the producer and initialises transactions, which fences any earlier producer with the same
     * transactional id and completes or aborts its open transaction; retried while the broker times out.
     *
     * @throws WakeupException if {@code stopRequested} turns true while retrying
     */
    LabelTransactions(final TeacherConfig config, final SchemaRegistryClient registry, final BooleanSupplier stopRequested,
                      final String logPrefix) {
        this.config = config;
        this.registry = registry;
        this.stopRequested = stopRequested;
        this.logPrefix = logPrefix;
        this.producer = newProducer();
    }

    void begin() {
        producer.beginTransaction();
        open = true;
    }

    /**
     * Sends one label per event (key userId, record timestamp the event's time), adds {@code offsets} for
     * {@code group}, and commits.
     */
    void sendAndCommit(final List<Interaction> events, final List<SoftLabel> labels,
                       final Map<TopicPartition, OffsetAndMetadata> offsets, final ConsumerGroupMetadata group) {
        final String topic = config.topics().softLabels();
        for (int i = 0; i < labels.size(); i++) {
            final Interaction event = events.get(i);
            // Event time flows downstream: the label carries its interaction's timestamp.
            final Future<RecordMetadata> sent = producer.send(
                new ProducerRecord<>(topic, null, event.getTimestamp().toEpochMilli(), event.getUserId(), labels.get(i)));
            if (sent.isDone()) {
                // Failed before it left (e.g. no metadata for the topic within max.block.ms): every further send
                // would wait as long again, and the transaction is lost anyway.
                failFast(sent);
            }
        }
        producer.sendOffsetsToTransaction(offsets, group);
        producer.commitTransaction();
        open = false;
    }

    private static void failFast(final Future<RecordMetadata> sent) {
        try {
            sent.get();
        } catch (final ExecutionException e) {
            throw e.getCause() instanceof KafkaException kafka ? kafka : new KafkaException(e.getCause());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }

    /**
     * Aborts the open transaction. If the producer cannot abort (a commit that timed out must not be aborted,
     * a fatal producer error), it is replaced: the new producer's initialisation completes or aborts that
     * transaction, so the committed offsets are settled when this returns.
     */
    void abort() {
        try {
            producer.abortTransaction();
        } catch (final ProducerFencedException | InvalidProducerEpochException e) {
            throw e;
        } catch (final RuntimeException e) {
            LOG.warn("{}abort failed ({}); replacing the producer", logPrefix, e.toString());
            closeQuietly(producer, Duration.ZERO);
            producer = null;
            producer = newProducer();
        }
        open = false;
    }

    /** Aborts a transaction left open (shutdown after an error), then closes the producer. */
    @Override
    public void close() {
        if (producer == null) {
            return;
        }
        if (open) {
            try {
                producer.abortTransaction();
            } catch (final RuntimeException e) {
                LOG.debug("{}abort on close failed: {}", logPrefix, e.toString());
            }
        }
        closeQuietly(producer, CLOSE_TIMEOUT);
        producer = null;
    }

    private Producer<String, SoftLabel> newProducer() {
        final SpecificAvroSerde<SoftLabel> values = new SpecificAvroSerde<>(SoftLabel.class, registry);
        values.configure(TeacherClients.registry(config), false);
        final KafkaProducer<String, SoftLabel> created =
            new KafkaProducer<>(TeacherClients.producer(config), new StringSerializer(), values.serializer());
        try {
            while (true) {
                if (stopRequested.getAsBoolean()) {
                    throw new WakeupException();
                }
                try {
                    created.initTransactions();
                    return created;
                } catch (final TimeoutException e) {
                    LOG.warn("{}initialising transactions timed out, retrying: {}", logPrefix, e.toString());
                }
            }
        } catch (final RuntimeException e) {
            closeQuietly(created, Duration.ZERO);
            throw e;
        }
    }

    private void closeQuietly(final Producer<?, ?> closing, final Duration timeout) {
        try {
            closing.close(timeout);
        } catch (final RuntimeException e) {
            LOG.warn("{}closing the producer failed: {}", logPrefix, e.toString());
        }
    }
}
