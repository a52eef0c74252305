package io.distill.teacher.worker;

import io.distill.avro.Interaction;
import io.distill.teacher.Teacher;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a fresh teacher the prefix of interactions-valid that was already labelled: every committed
 * record of each partition from its beginning up to (excluding) the group's committed offset, merged
 * across partitions by {@link TimestampMerge} (offset order with one partition).
 *
 * <p>The replay consumer is assigned, without a group, and reads read_committed, so it sees exactly the
 * records the group consumer labelled. Partitions whose buffer runs far ahead of the others are paused, so
 * memory stays bounded however long the prefix is.
 */
final class PrefixReplay {
    private static final Logger LOG = LoggerFactory.getLogger(PrefixReplay.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    /** Buffered records per partition above which its fetching pauses until the merge catches up. */
    private static final int MAX_BUFFERED = 20_000;

    private final Consumer<String, Interaction> consumer;
    private final Runnable keepAlive;
    private final BooleanSupplier cancelled;

    /**
     * @param consumer  an unassigned consumer (no group, read_committed); this replay assigns and seeks it
     * @param keepAlive run about every poll, so the group consumer keeps its membership during a long replay
     * @param cancelled checked every poll: true abandons the replay (shutdown, or the assignment changed)
     */
    PrefixReplay(final Consumer<String, Interaction> consumer, final Runnable keepAlive, final BooleanSupplier cancelled) {
        this.consumer = consumer;
        this.keepAlive = keepAlive;
        this.cancelled = cancelled;
    }

    /**
     * Replays {@code [beginning, end)} of each partition into {@code teacher} (without {@code finishReplay}).
     *
     * @param ends per partition, the first offset not to replay (the group's committed offset; 0 for none)
     * @return the number of events replayed, or -1 if cancelled
     */
    long replay(final Map<TopicPartition, Long> ends, final Teacher teacher) {
        final Set<TopicPartition> partitions = ends.keySet();
        final TimestampMerge<String, Interaction> merge = new TimestampMerge<>(partitions);
        if (partitions.isEmpty()) {
            return 0;
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        final Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
        for (final TopicPartition partition : partitions) {
            final long beginning = beginnings.getOrDefault(partition, 0L);
            if (ends.get(partition) <= beginning) {
                merge.finish(partition);
            }
            if (beginning > 0 && ends.get(partition) > 0) {
                LOG.warn("{} starts at offset {}: events before it were deleted by retention, so the rebuilt teacher has "
                    + "not seen them and its labels differ from those of the worker that labelled them. Keep "
                    + "interactions-valid with infinite retention for exact restarts.", partition, beginning);
            }
        }
        final Set<TopicPartition> paused = new HashSet<>();
        long replayed = 0;
        while (!merge.isDone()) {
            if (cancelled.getAsBoolean()) {
                return -1;
            }
            final ConsumerRecords<String, Interaction> records = consumer.poll(POLL_TIMEOUT);
            for (final TopicPartition partition : records.partitions()) {
                final long end = ends.get(partition);
                for (final ConsumerRecord<String, Interaction> record : records.records(partition)) {
                    if (record.offset() < end) {
                        merge.add(record);
                    }
                }
            }
            for (final TopicPartition partition : partitions) {
                if (!merge.isFinished(partition) && consumer.position(partition) >= ends.get(partition)) {
                    merge.finish(partition);
                }
            }
            for (ConsumerRecord<String, Interaction> next = merge.next(); next != null; next = merge.next()) {
                teacher.replay(Events.of(next));
                replayed++;
            }
            balance(merge, partitions, paused);
            keepAlive.run();
        }
        consumer.unsubscribe();
        return replayed;
    }

    /** Pauses partitions that ran ahead of the merge, resumes them once it caught up. */
    private void balance(final TimestampMerge<String, Interaction> merge, final Set<TopicPartition> partitions,
                         final Set<TopicPartition> paused) {
        for (final TopicPartition partition : partitions) {
            final int buffered = merge.buffered(partition);
            if (buffered > MAX_BUFFERED && paused.add(partition)) {
                consumer.pause(Set.of(partition));
            } else if (buffered < MAX_BUFFERED / 2 && paused.remove(partition)) {
                consumer.resume(Set.of(partition));
            }
        }
    }
}
