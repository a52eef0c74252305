package io.distill.stack.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads whole topics for assertions. It uses no consumer group (partitions are assigned directly and no
 * offsets are committed), reads from the beginning, and by default reads with
 * {@code isolation.level=read_committed}: records of open or aborted transactions are never returned.
 * Immutable; {@link #withProperty} returns a copy.
 */
public final class RecordCollector {
    private final Map<String, Object> config;

    private RecordCollector(final Map<String, Object> config) {
        this.config = Map.copyOf(config);
    }

    /** A collector for the cluster at {@code bootstrapServers}, reading committed records only. */
    public static RecordCollector forBootstrap(final String bootstrapServers) {
        return new RecordCollector(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.CLIENT_ID_CONFIG, "distill-test-record-collector"));
    }

    /** A copy with one consumer setting added or replaced (e.g. isolation.level=read_uncommitted). */
    public RecordCollector withProperty(final String key, final Object value) {
        final Map<String, Object> copy = new HashMap<>(config);
        copy.put(key, value);
        return new RecordCollector(copy);
    }

    /** {@link #readToEnd(String, Deserializer, Deserializer, Duration)} with raw bytes. */
    public List<ConsumerRecord<byte[], byte[]>> readToEnd(final String topic, final Duration timeout) {
        return readToEnd(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer(), timeout);
    }

    /**
     * Every record of {@code topic} from the beginning up to the end offsets at the time of the call (for
     * read_committed, the last stable offset), partition by partition in offset order, partitions in
     * ascending order.
     *
     * @throws AssertionError if the end is not reached within {@code timeout}
     */
    public <K, V> List<ConsumerRecord<K, V>> readToEnd(final String topic, final Deserializer<K> keys,
                                                       final Deserializer<V> values, final Duration timeout) {
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(config, keys, values)) {
            final Set<TopicPartition> partitions = assignAll(consumer, topic, timeout);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            return pollUntil(consumer, partitions, end, timeout, topic);
        }
    }

    /**
     * Waits until {@code topic} holds at least {@code minRecords} records (committed ones, by default), then
     * returns everything up to the end at that moment.
     *
     * @throws AssertionError if there are fewer within {@code timeout}
     */
    public <K, V> List<ConsumerRecord<K, V>> readAtLeast(final String topic, final int minRecords,
                                                         final Deserializer<K> keys, final Deserializer<V> values,
                                                         final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        return WaitUntil.waitForValue(timeout, "topic " + topic + " holds at least " + minRecords + " records",
            () -> {
                final Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000));
                final List<ConsumerRecord<K, V>> records = readToEnd(topic, keys, values, left);
                return records.size() >= minRecords ? Optional.of(records) : Optional.empty();
            });
    }

    private static Set<TopicPartition> assignAll(final KafkaConsumer<?, ?> consumer, final String topic,
                                                 final Duration timeout) {
        final List<PartitionInfo> infos = WaitUntil.waitForValue(timeout, "topic " + topic + " exists",
            () -> Optional.ofNullable(consumer.partitionsFor(topic, timeout)).filter(list -> !list.isEmpty()));
        final Set<TopicPartition> partitions = infos.stream()
            .map(info -> new TopicPartition(topic, info.partition())).collect(Collectors.toSet());
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }

    private static <K, V> List<ConsumerRecord<K, V>> pollUntil(final KafkaConsumer<K, V> consumer,
                                                               final Set<TopicPartition> partitions,
                                                               final Map<TopicPartition, Long> end,
                                                               final Duration timeout, final String topic) {
        final Map<Integer, List<ConsumerRecord<K, V>>> byPartition = new HashMap<>();
        WaitUntil.waitUntil(timeout, "topic " + topic + " is read up to " + end, () -> {
            for (final ConsumerRecord<K, V> record : consumer.poll(Duration.ofMillis(100))) {
                if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                    byPartition.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(record);
                }
            }
            return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
        });
        final List<ConsumerRecord<K, V>> records = new ArrayList<>();
        byPartition.keySet().stream().sorted().forEach(p -> records.addAll(byPartition.get(p)));
        return records;
    }
}
