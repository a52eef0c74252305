package io.distill.teacher.worker;

import io.distill.avro.Interaction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Records polled from the assigned partitions but not labelled yet, released as batches in
 * {@link TimestampMerge} order. A record waits (across polls) until every partition that still has committed
 * records to deliver has one pending to compare it with; a partition at its end does not hold the others
 * back. Partitions that run far ahead of the others are paused, so the pending records stay bounded.
 *
 * <p>One instance per assignment and position: after the consumer is sought back, a new one replaces it.
 * Used by the worker thread only.
 */
final class PendingBatches {
    private final Consumer<String, Interaction> consumer;
    private final Set<TopicPartition> partitions;
    private final int maxBatch;
    private final TimestampMerge<String, Interaction> merge;
    private final Set<TopicPartition> throttled = new HashSet<>();

    /** Pending records of {@code partitions}, which it resumes (a rebuild pauses them). */
    PendingBatches(final Consumer<String, Interaction> consumer, final Set<TopicPartition> partitions, final int maxBatch) {
        this.consumer = consumer;
        this.partitions = Set.copyOf(partitions);
        this.maxBatch = maxBatch;
        this.merge = new TimestampMerge<>(partitions);
        consumer.resume(partitions);
    }

    /** Adds a poll's records (all of them of the partitions given at construction). */
    void add(final ConsumerRecords<String, Interaction> records) {
        for (final ConsumerRecord<String, Interaction> record : records) {
            merge.add(record);
        }
    }

    /** The next batch to label, up to {@code maxBatch} records in merge order; empty if none can go yet. */
    List<ConsumerRecord<String, Interaction>> nextBatch() {
        final List<ConsumerRecord<String, Interaction>> batch = new ArrayList<>();
        if (!merge.isEmpty()) {
            final CaughtUp caughtUp = new CaughtUp();
            while (batch.size() < maxBatch) {
                final ConsumerRecord<String, Interaction> next = merge.next(caughtUp);
                if (next == null) {
                    break;
                }
                batch.add(next);
            }
        }
        throttle();
        return batch;
    }

    private void throttle() {
        final int high = 4 * maxBatch;
        for (final TopicPartition partition : partitions) {
            final int buffered = merge.buffered(partition);
            if (buffered >= high && throttled.add(partition)) {
                consumer.pause(Set.of(partition));
            } else if (buffered < high / 2 && throttled.remove(partition)) {
                consumer.resume(Set.of(partition));
            }
        }
    }

    /**
     * Whether a partition with nothing pending has nothing more to deliver right now: its position is at the
     * end of what is committed (read_committed end offsets, asked from the broker at most once per batch).
     * The consumer's own lag estimate is not used: it can be stale right after the worker seeks back.
     */
    private final class CaughtUp implements Predicate<TopicPartition> {
        private Map<TopicPartition, Long> ends;

        @Override
        public boolean test(final TopicPartition partition) {
            try {
                if (ends == null) {
                    ends = consumer.endOffsets(partitions);
                }
                final Long end = ends.get(partition);
                return end != null && consumer.position(partition) >= end;
            } catch (final TimeoutException e) {
                // Unknown (the broker is away): keep waiting for the partition rather than label past it.
                ends = Map.of();
                return false;
            }
        }
    }
}
