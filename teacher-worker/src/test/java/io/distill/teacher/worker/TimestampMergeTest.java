package io.distill.teacher.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class TimestampMergeTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);
    private static final TopicPartition P2 = new TopicPartition("t", 2);

    @Test
    void mergesByTimestampKeepingEachPartitionInOffsetOrder() {
        final Feed feed = new Feed(List.of(P0, P1));
        // p0's timestamps go backwards once: offset order still wins within the partition
        feed.add(P0, 10, 30, 20, 40);
        feed.add(P1, 15, 25, 35);
        feed.merge.finish(P0);
        feed.merge.finish(P1);
        assertThat(drain(feed.merge)).containsExactly("0@0", "1@0", "1@1", "0@1", "0@2", "1@2", "0@3");
        assertThat(feed.merge.isDone()).isTrue();
    }

    @Test
    void equalTimestampsGoToTheLowerPartition() {
        final Feed feed = new Feed(List.of(P1, P0));
        feed.add(P1, 5);
        feed.add(P0, 5);
        feed.merge.finish(P0);
        feed.merge.finish(P1);
        assertThat(drain(feed.merge)).containsExactly("0@0", "1@0");
    }

    @Test
    void waitsForEveryUnfinishedPartitionUnlessItIsIdle() {
        final Feed feed = new Feed(List.of(P0, P1));
        feed.add(P0, 1, 2);
        assertThat(feed.merge.next()).as("p1 may still bring an earlier record").isNull();
        assertThat(feed.merge.next(p -> p.equals(P1))).as("unless it has nothing to bring now").isNotNull();
        feed.add(P1, 3);
        assertThat(drain(feed.merge)).containsExactly("0@1");
        assertThat(feed.merge.isEmpty()).isFalse();
        feed.merge.finish(P0);
        assertThat(drain(feed.merge)).containsExactly("1@0");
        assertThat(feed.merge.isEmpty()).isTrue();
    }

    @Test
    void theMergeDoesNotDependOnTheChunksRecordsArriveIn() {
        final Map<TopicPartition, long[]> times = Map.of(
            P0, ascending(new SplittableRandom(1), 300),
            P1, ascending(new SplittableRandom(2), 200),
            P2, ascending(new SplittableRandom(3), 5));
        final List<String> reference = mergeInChunks(times, new SplittableRandom(4), 1000);
        assertThat(reference).hasSize(505);
        for (int seed = 0; seed < 20; seed++) {
            assertThat(mergeInChunks(times, new SplittableRandom(seed), 1 + seed * 3)).as("seed %d", seed).isEqualTo(reference);
        }
    }

    @Test
    void rejectsRecordsOfOtherPartitionsAndAfterTheEnd() {
        final Feed feed = new Feed(List.of(P0));
        assertThatThrownBy(() -> feed.add(P1, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("t-1");
        feed.merge.finish(P0);
        assertThatThrownBy(() -> feed.add(P0, 1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("t-0");
    }

    /** Feeds the partitions' records in random chunks, in random partition order, releasing what it can after each. */
    private static List<String> mergeInChunks(final Map<TopicPartition, long[]> times, final SplittableRandom random, final int maxChunk) {
        final Feed feed = new Feed(times.keySet());
        final List<TopicPartition> partitions = new ArrayList<>(times.keySet());
        partitions.sort(TimestampMerge.PARTITION_ORDER);
        final List<String> out = new ArrayList<>();
        while (!feed.merge.isDone()) {
            final TopicPartition partition = partitions.get(random.nextInt(partitions.size()));
            final long[] all = times.get(partition);
            final int from = feed.next(partition);
            final int to = Math.min(all.length, from + 1 + random.nextInt(maxChunk));
            for (int i = from; i < to; i++) {
                feed.add(partition, all[i]);
            }
            if (to == all.length && !feed.merge.isFinished(partition)) {
                feed.merge.finish(partition);
            }
            out.addAll(drain(feed.merge));
        }
        return out;
    }

    private static long[] ascending(final SplittableRandom random, final int n) {
        final long[] times = new long[n];
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += random.nextInt(10);
            times[i] = t;
        }
        return times;
    }

    private static List<String> drain(final TimestampMerge<String, String> merge) {
        final List<String> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r = merge.next(); r != null; r = merge.next()) {
            out.add(r.value());
        }
        return out;
    }

    /** A merge and the next offset of each partition; record values are {@code partition@offset}. */
    private static final class Feed {
        private final TimestampMerge<String, String> merge;
        private final Map<TopicPartition, Integer> offsets = new HashMap<>();

        Feed(final Collection<TopicPartition> partitions) {
            this.merge = new TimestampMerge<>(partitions);
        }

        int next(final TopicPartition partition) {
            return offsets.getOrDefault(partition, 0);
        }

        void add(final TopicPartition partition, final long... timestamps) {
            for (final long timestamp : timestamps) {
                final int offset = next(partition);
                merge.add(new ConsumerRecord<>(partition.topic(), partition.partition(), offset, timestamp, TimestampType.CREATE_TIME,
                    0, 0, "k", partition.partition() + "@" + offset, new RecordHeaders(), Optional.empty()));
                offsets.put(partition, offset + 1);
            }
        }
    }
}
