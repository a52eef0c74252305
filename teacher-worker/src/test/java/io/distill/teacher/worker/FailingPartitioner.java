package io.distill.teacher.worker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.utils.Utils;

/**
 * Kafka's key partitioning, except that it fails the next sends of a transactional id when a test asks it
 * to ({@code producer.partitioner.class}): a way to make a transaction of a running worker fail.
 */
public final class FailingPartitioner implements Partitioner {
    private static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();

    private String transactionalId;

    /** Makes the next {@code count} sends of the producer with {@code transactionalId} throw. */
    static void failNextSends(final String transactionalId, final int count) {
        FAILURES.computeIfAbsent(transactionalId, id -> new AtomicInteger()).set(count);
    }

    @Override
    public void configure(final Map<String, ?> configs) {
        transactionalId = String.valueOf(configs.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG));
    }

    @Override
    public int partition(final String topic, final Object key, final byte[] keyBytes, final Object value, final byte[] valueBytes,
                         final Cluster cluster) {
        final AtomicInteger left = FAILURES.get(transactionalId);
        if (left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new KafkaException("failure injected by the test into a send of " + transactionalId);
        }
        return Utils.toPositive(Utils.murmur2(keyBytes)) % cluster.partitionCountForTopic(topic);
    }

    @Override
    public void close() {
        FAILURES.remove(transactionalId);
    }
}
