package io.distill.teacher.worker;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Merges the records of several partitions into the one sequence the teacher learns from. Each
 * partition keeps its offset order (a user's events are in one partition, in order); across partitions,
 * the partition whose next record has the smallest record timestamp goes first, ties to the lowest
 * partition number. With one partition the merge is offset order.
 *
 * <p>A record is released only when every partition not yet {@link #finish finished} has a record
 * buffered to compare it with, so the merge of given per-partition sequences is the same whatever chunks
 * they arrive in. The live worker also lets a partition that is caught up (nothing more to fetch) not hold
 * the others back ({@link #next(Predicate)}). Not thread-safe.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class TimestampMerge<K, V> {
    /** Partitions by number, then topic: the tie-break of the merge, and the order of partitions in logs. */
    static final Comparator<TopicPartition> PARTITION_ORDER =
        Comparator.comparingInt(TopicPartition::partition).thenComparing(TopicPartition::topic);

    private final Map<TopicPartition, ArrayDeque<ConsumerRecord<K, V>>> buffers = new TreeMap<>(PARTITION_ORDER);
    private final Set<TopicPartition> finished = new HashSet<>();
    private int size;

    TimestampMerge(final Collection<TopicPartition> partitions) {
        for (final TopicPartition partition : partitions) {
            buffers.put(partition, new ArrayDeque<>());
        }
    }

    /** Appends a record to its partition's sequence; records of a partition must come in offset order. */
    void add(final ConsumerRecord<K, V> record) {
        final TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        final ArrayDeque<ConsumerRecord<K, V>> buffer = buffers.get(partition);
        if (buffer == null) {
            throw new IllegalArgumentException("record of " + partition + " is not part of this merge " + buffers.keySet());
        }
        if (finished.contains(partition)) {
            throw new IllegalStateException("record of " + partition + " at offset " + record.offset() + " after its end");
        }
        buffer.addLast(record);
        size++;
    }

    /** Declares that {@code partition} has no more records. */
    void finish(final TopicPartition partition) {
        if (!buffers.containsKey(partition)) {
            throw new IllegalArgumentException(partition + " is not part of this merge " + buffers.keySet());
        }
        finished.add(partition);
    }

    boolean isFinished(final TopicPartition partition) {
        return finished.contains(partition);
    }

    /** Records of {@code partition} added but not yet released. */
    int buffered(final TopicPartition partition) {
        return buffers.get(partition).size();
    }

    /** True if no record is buffered. */
    boolean isEmpty() {
        return size == 0;
    }

    /** True once every partition is finished and every record released. */
    boolean isDone() {
        if (finished.size() < buffers.size()) {
            return false;
        }
        for (final ArrayDeque<ConsumerRecord<K, V>> buffer : buffers.values()) {
            if (!buffer.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** The next record of the merge, or null if it cannot be known yet (or everything is released). */
    ConsumerRecord<K, V> next() {
        return next(partition -> false);
    }

    /**
     * The next record, treating an unfinished partition with nothing buffered as finished for now when
     * {@code idle} says so (it has nothing more to deliver at the moment), instead of waiting for it.
     *
     * @return the next record, or null if some partition must deliver more first (or nothing is buffered)
     */
    ConsumerRecord<K, V> next(final Predicate<TopicPartition> idle) {
        if (size == 0) {
            return null;
        }
        ArrayDeque<ConsumerRecord<K, V>> first = null;
        for (final ArrayDeque<ConsumerRecord<K, V>> buffer : buffers.values()) {
            // strict <: on equal timestamps the earlier partition in PARTITION_ORDER wins
            if (!buffer.isEmpty() && (first == null || buffer.peekFirst().timestamp() < first.peekFirst().timestamp())) {
                first = buffer;
            }
        }
        for (final Map.Entry<TopicPartition, ArrayDeque<ConsumerRecord<K, V>>> entry : buffers.entrySet()) {
            if (entry.getValue().isEmpty() && !finished.contains(entry.getKey()) && !idle.test(entry.getKey())) {
                return null;
            }
        }
        size--;
        return first.pollFirst();
    }
}
