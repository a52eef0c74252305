package io.distill.app.replay;

import io.distill.runtime.ClientSettings;
import io.distill.schemas.DistillException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Offsets a replay starts from and waits for. A group has caught up with a partition when its committed offset is
 * past the partition's last committed record: not when it equals the end offset, because a partition written in
 * transactions ends with a commit marker, which occupies an offset, and a plain consumer commits
 * {@code record offset + 1}.
 */
final class ReplayOffsets {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int FIRST_WINDOW = 64;

    private ReplayOffsets() {
    }

    /** Per partition of {@code topic}: its first offset (0 unless records were deleted). */
    static Map<TopicPartition, Long> beginning(final Admin admin, final String topic, final Duration timeout) {
        return list(admin, topic, OffsetSpec.earliest(), timeout);
    }

    /**
     * Commits, for the new group {@code group}, the offset of the first record of each partition of {@code topic}
     * stamped {@code from} or later (the end of a partition with none), so that the application starts there.
     *
     * <p>Found by binary search over the records, not with the broker's offsets-for-times: distill's topics carry
     * event times, while the markers that close transactions carry the broker's wall clock, so the broker would answer
     * with the first commit marker. The search assumes that the records of a partition are in event-time order, as the
     * ingest and the teacher write them; a record out of order near {@code from} may fall on either side.
     *
     * @param settings the process's settings (the Kafka client keys are used)
     * @return the offsets committed
     */
    static Map<TopicPartition, Long> startAt(final Admin admin, final Map<String, ?> settings, final String group,
                                            final String topic, final Instant from, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        final Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        final Map<TopicPartition, Long> start = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> reader = reader(settings)) {
            final List<TopicPartition> partitions = partitions(reader, topic, timeout);
            final Map<TopicPartition, Long> begin = reader.beginningOffsets(partitions, timeout);
            final Map<TopicPartition, Long> end = reader.endOffsets(partitions, timeout);
            for (final TopicPartition partition : partitions) {
                final long position = firstAtOrAfter(reader, partition, begin.get(partition), end.get(partition), from.toEpochMilli(),
                    deadline, timeout);
                start.put(partition, position);
                commit.put(partition, new OffsetAndMetadata(position, "distill replay from " + from));
            }
        }
        await(admin.alterConsumerGroupOffsets(group, commit).all(), timeout, "set the start offsets of group " + group);
        return start;
    }

    /** The offset of the first record at or after {@code begin} stamped {@code timestamp} or later, or {@code end}. */
    private static long firstAtOrAfter(final KafkaConsumer<byte[], byte[]> reader, final TopicPartition partition, final long begin,
                                       final long end, final long timestamp, final long deadline, final Duration timeout) {
        reader.assign(List.of(partition));
        long low = begin;
        long high = end;
        // invariant: every record below low is stamped before timestamp; the first record at or after high (if any) is not
        while (low < high) {
            final long middle = low + (high - low) / 2;
            final ConsumerRecord<byte[], byte[]> first = firstRecord(reader, partition, middle, end, deadline, timeout);
            if (first == null || first.timestamp() >= timestamp) {
                high = middle;
            } else {
                low = first.offset() + 1;
            }
        }
        final ConsumerRecord<byte[], byte[]> first = firstRecord(reader, partition, low, end, deadline, timeout);
        return first == null ? end : first.offset();
    }

    /** The first committed record of {@code partition} in {@code [from, end)}, or null. */
    private static ConsumerRecord<byte[], byte[]> firstRecord(final KafkaConsumer<byte[], byte[]> reader, final TopicPartition partition,
                                                             final long from, final long end, final long deadline,
                                                             final Duration timeout) {
        reader.seek(partition, from);
        while (reader.position(partition) < end) {
            requireTime(deadline, timeout, partition, end);
            for (final ConsumerRecord<byte[], byte[]> record : reader.poll(POLL)) {
                if (record.offset() >= from && record.offset() < end) {
                    return record;
                }
            }
        }
        return null;
    }

    /** The offsets {@code group} has committed (partitions without one left out). */
    static Map<TopicPartition, Long> committed(final Admin admin, final String group, final Duration timeout) {
        final Map<TopicPartition, OffsetAndMetadata> committed = await(
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), timeout, "read the offsets of group " + group);
        final Map<TopicPartition, Long> out = new HashMap<>();
        committed.forEach((partition, offset) -> {
            if (offset != null) {
                out.put(partition, offset.offset());
            }
        });
        return out;
    }

    /**
     * Per partition of {@code topic} holding committed records: the offset after its last one, as of now. Reads
     * backwards from each partition's last stable offset, a window at a time, with {@code read_committed}.
     *
     * @param settings the process's settings (the Kafka client keys are used)
     */
    static Map<TopicPartition, Long> afterLastRecord(final Map<String, ?> settings, final String topic, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        final Map<TopicPartition, Long> out = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> reader = reader(settings)) {
            final List<TopicPartition> partitions = partitions(reader, topic, timeout);
            final Map<TopicPartition, Long> begin = reader.beginningOffsets(partitions, timeout);
            final Map<TopicPartition, Long> end = reader.endOffsets(partitions, timeout);
            for (final TopicPartition partition : partitions) {
                final long last = lastRecord(reader, partition, begin.get(partition), end.get(partition), deadline, timeout);
                if (last >= 0) {
                    out.put(partition, last + 1);
                }
            }
        }
        return out;
    }

    /** A group-less read_committed consumer with the process's client settings. */
    private static KafkaConsumer<byte[], byte[]> reader(final Map<String, ?> settings) {
        final Map<String, Object> consumer = new HashMap<>(ClientSettings.consumer(settings));
        consumer.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumer.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT));
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.put(ConsumerConfig.CLIENT_ID_CONFIG, "distill-replay-offsets");
        return new KafkaConsumer<>(consumer, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(final KafkaConsumer<?, ?> reader, final String topic, final Duration timeout) {
        final List<PartitionInfo> infos = reader.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new DistillException("topic " + topic + " does not exist");
        }
        return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    private static void requireTime(final long deadline, final Duration timeout, final TopicPartition partition, final long end) {
        if (System.nanoTime() - deadline > 0) {
            throw new DistillException("cannot read " + partition + " up to offset " + end + " within " + timeout);
        }
    }

    /** The offset of the last committed record of {@code partition} below {@code end}, or -1 if it has none. */
    private static long lastRecord(final KafkaConsumer<byte[], byte[]> reader, final TopicPartition partition, final long begin,
                                   final long end, final long deadline, final Duration timeout) {
        reader.assign(List.of(partition));
        long window = FIRST_WINDOW;
        long from = end;
        while (from > begin) {
            final long to = from;
            from = Math.max(begin, to - window);
            reader.seek(partition, from);
            long last = -1;
            while (reader.position(partition) < to) {
                requireTime(deadline, timeout, partition, to);
                for (final ConsumerRecord<byte[], byte[]> record : reader.poll(POLL)) {
                    if (record.offset() < to) {
                        last = Math.max(last, record.offset());
                    }
                }
            }
            if (last >= 0) {
                return last;
            }
            // only markers or aborted records in this window: look further back
            window *= 4;
        }
        return -1;
    }

    private static Map<TopicPartition, Long> list(final Admin admin, final String topic, final OffsetSpec spec,
                                                  final Duration timeout) {
        final List<Integer> partitions = await(admin.describeTopics(List.of(topic)).allTopicNames(), timeout,
            "describe topic " + topic).get(topic).partitions().stream().map(info -> info.partition()).toList();
        final Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(new TopicPartition(topic, partition), spec));
        final Map<TopicPartition, Long> out = new HashMap<>();
        await(admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all(), timeout,
            "list the offsets of " + topic).forEach((partition, info) -> out.put(partition, info.offset()));
        return out;
    }

    static <T> T await(final KafkaFuture<T> future, final Duration timeout, final String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (final ExecutionException e) {
            throw new DistillException("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (final TimeoutException e) {
            throw new DistillException("cannot " + what + " within " + timeout, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DistillException("interrupted while trying to " + what, e);
        }
    }
}
