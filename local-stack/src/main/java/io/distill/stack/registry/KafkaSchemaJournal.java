package io.distill.stack.registry;

import io.distill.schemas.registry.RegistryError;
import io.distill.schemas.registry.RegistryJournal;
import io.distill.schemas.registry.RegistryRecord;
import io.distill.schemas.registry.SchemaRegistryException;
import io.distill.stack.TopicProvisioner;
import io.distill.stack.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's log in a compacted single-partition Kafka topic, in Confluent's format
 * ({@link SchemasTopicCodec}). Writes are produced with {@code acks=all} and idempotence and acknowledged
 * before {@link #append} returns; {@link #catchUp} reads the partition up to its current end, so a registry
 * that catches up before every change also sees writes whose acknowledgement it never got.
 *
 * <p>Not thread-safe by itself: the registry calls it under its write lock.
 */
final class KafkaSchemaJournal implements RegistryJournal, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSchemaJournal.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final String topic;
    private final TopicPartition partition;
    private final Duration timeout;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;

    private KafkaSchemaJournal(final String topic, final Duration timeout, final KafkaProducer<byte[], byte[]> producer,
                               final KafkaConsumer<byte[], byte[]> consumer) {
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.timeout = timeout;
        this.producer = producer;
        this.consumer = consumer;
    }

    /**
     * Creates the topic if absent (compacted, one partition) or checks it, then opens a producer and a consumer
     * positioned at the beginning.
     *
     * @param clientProperties extra Kafka client settings (security), passed to every client
     * @throws io.distill.stack.LocalStackException when the topic exists with another layout or cannot be made
     */
    static KafkaSchemaJournal open(final String bootstrapServers, final String topic, final short replicationFactor,
                                   final Map<String, String> clientProperties, final Duration timeout) {
        final Map<String, Object> common = new HashMap<>(clientProperties);
        common.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(withClientId(common, "admin"))) {
            new TopicProvisioner(admin, timeout, TopicProvisioner.OnMismatch.FAIL)
                    .ensure(List.of(TopicSpec.compacted(topic, 1).withReplicationFactor(replicationFactor)));
        }
        final Map<String, Object> producerConfig = withClientId(common, "producer");
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        final Map<String, Object> consumerConfig = withClientId(common, "reader");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        final KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
        final KafkaConsumer<byte[], byte[]> consumer;
        try {
            consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        } catch (final KafkaException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        final TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        return new KafkaSchemaJournal(topic, timeout, producer, consumer);
    }

    @Override
    public void catchUp(final Consumer<RegistryRecord> apply) {
        try {
            final long end = consumer.endOffsets(Set.of(partition), timeout).get(partition);
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (consumer.position(partition, timeout) < end) {
                if (System.nanoTime() - deadline > 0) {
                    throw new SchemaRegistryException(description(), RegistryError.OPERATION_TIMEOUT,
                            "Timed out after " + timeout + " reading the schemas topic " + topic + " at offset "
                                    + consumer.position(partition) + " of " + end);
                }
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    decode(record).ifPresent(apply);
                }
            }
        } catch (final KafkaException e) {
            throw new SchemaRegistryException(description(), RegistryError.BACKEND_STORE_ERROR,
                    "Error while reading the schemas topic " + topic + ": " + e);
        }
    }

    @Override
    public void append(final List<RegistryRecord> records) {
        final List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        try {
            for (final RegistryRecord record : records) {
                final SchemasTopicCodec.Encoded encoded = SchemasTopicCodec.encode(record);
                sent.add(producer.send(new ProducerRecord<>(topic, 0, encoded.key(), encoded.value())));
            }
            for (final Future<RecordMetadata> ack : sent) {
                ack.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(description(), RegistryError.BACKEND_STORE_ERROR,
                    "Interrupted while writing to the schemas topic " + topic);
        } catch (final ExecutionException e) {
            throw new SchemaRegistryException(description(), RegistryError.BACKEND_STORE_ERROR,
                    "Error while writing to the schemas topic " + topic + ": " + e.getCause());
        } catch (final TimeoutException e) {
            throw new SchemaRegistryException(description(), RegistryError.OPERATION_TIMEOUT,
                    "Timed out after " + timeout + " writing to the schemas topic " + topic);
        } catch (final KafkaException e) {
            throw new SchemaRegistryException(description(), RegistryError.BACKEND_STORE_ERROR,
                    "Error while writing to the schemas topic " + topic + ": " + e);
        }
    }

    private Optional<RegistryRecord> decode(final ConsumerRecord<byte[], byte[]> record) {
        try {
            return SchemasTopicCodec.decode(record.key(), record.value());
        } catch (final IllegalArgumentException e) {
            // one unreadable record must not keep the registry from starting; it is skipped, loudly
            LOG.warn("Skipping record at offset {} of {}: {}", record.offset(), topic, e.getMessage());
            return Optional.empty();
        }
    }

    private String description() {
        return "topic " + topic;
    }

    private static Map<String, Object> withClientId(final Map<String, Object> common, final String role) {
        final Map<String, Object> config = new HashMap<>(common);
        config.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, "distill-schema-registry-" + role);
        if (common.containsKey(CommonClientConfigs.CLIENT_ID_CONFIG)) {
            config.put(CommonClientConfigs.CLIENT_ID_CONFIG, common.get(CommonClientConfigs.CLIENT_ID_CONFIG) + "-" + role);
        }
        return config;
    }

    @Override
    public void close() {
        try {
            producer.close(timeout);
        } finally {
            consumer.close(CloseOptions.timeout(timeout));
        }
    }
}
