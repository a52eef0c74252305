package io.distill.app.replay;

import io.distill.runtime.ClientSettings;
import io.distill.schemas.DistillException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a whole topic, every partition from its beginning to its last stable offset, with {@code read_committed}, no group. */
final class TopicReader {
    private static final Duration POLL = Duration.ofMillis(200);

    private TopicReader() {
    }

    /**
     * @param settings the process's settings (the Kafka client keys are used)
     * @throws DistillException when the topic cannot be read to its end within {@code timeout}
     */
    static List<ConsumerRecord<byte[], byte[]>> readAll(final Map<String, ?> settings, final String topic, final Duration timeout) {
        final Map<String, Object> consumer = new HashMap<>(ClientSettings.consumer(settings));
        consumer.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumer.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT));
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.put(ConsumerConfig.CLIENT_ID_CONFIG, "distill-replay-reader");
        final long deadline = System.nanoTime() + timeout.toNanos();
        final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(consumer, new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = reader.partitionsFor(topic, timeout).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = reader.endOffsets(partitions, timeout);
            while (partitions.stream().anyMatch(partition -> reader.position(partition) < end.get(partition))) {
                if (System.nanoTime() - deadline > 0) {
                    throw new DistillException("cannot read topic " + topic + " to its end " + end + " within " + timeout);
                }
                for (final ConsumerRecord<byte[], byte[]> record : reader.poll(POLL)) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        records.add(record);
                    }
                }
            }
        }
        return records;
    }
}
