package io.distill.student.stream;

import io.distill.runtime.ClientSettings;
import io.distill.schemas.DistillException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A SHA-256 digest of everything the student has learnt: every row of {@code student-items} and of
 * {@code student-users} (the bytes as stored), so two students with the same digest are bit-identical. It is what
 * {@code distill checksum} prints and what replay tests compare.
 *
 * <p>Digest, format {@value #FORMAT}: the format string; then for each store, items first, its name, and for each
 * task partition holding rows, in ascending order, the partition, its row count and its rows sorted by key (String
 * order), each row as length-prefixed UTF-8 key and length-prefixed value; then the store's total row count. Lengths
 * and partitions are 4-byte, counts 8-byte big-endian. The meta store (counters, open metrics window) is left out:
 * it holds bookkeeping, not weights.
 *
 * <p>Two sources give the same digest for the same state: a running app's stores ({@link #of(StudentApp)}), or,
 * with no app running, the stores' changelog topics read to the end with {@code read_committed}, keeping the
 * latest value per key (a null value deletes it) ({@link #fromChangelogs}).
 *
 * @param sha256     the digest, lower-case hex
 * @param partitions task partitions holding rows
 * @param items      item rows, over all partitions (each task keeps its own item replica)
 * @param users      user rows
 */
public record StudentChecksum(String sha256, int partitions, long items, long users) {
    /** Version of the digest's layout; part of the digest. */
    public static final String FORMAT = "distill-student-state/1";

    private static final Duration POLL = Duration.ofMillis(200);

    /**
     * The checksum of a running app's stores, over the active tasks of this instance (interactive queries). With
     * several instances it covers only this one's tasks. Rows written by a transaction still open are included, so
     * compare it with {@link #fromChangelogs} only once the app is idle.
     *
     * @throws DistillException when the stores cannot be queried
     */
    public static StudentChecksum of(final StudentApp app) {
        final Map<String, SortedMap<Integer, SortedMap<String, byte[]>>> state = new LinkedHashMap<>();
        for (final String name : StudentStores.LEARNABLE) {
            final SortedMap<Integer, SortedMap<String, byte[]>> partitions = new TreeMap<>();
            for (final int partition : app.activePartitions()) {
                final ReadOnlyKeyValueStore<String, byte[]> store = app.store(name, partition);
                final SortedMap<String, byte[]> rows = new TreeMap<>();
                try (KeyValueIterator<String, byte[]> all = store.all()) {
                    while (all.hasNext()) {
                        final KeyValue<String, byte[]> row = all.next();
                        rows.put(row.key, row.value);
                    }
                }
                partitions.put(partition, rows);
            }
            state.put(name, partitions);
        }
        return digest(state);
    }

    /**
     * The checksum of the state in the changelog topics of the student {@code student.application.id} names in
     * {@code props}: each read from the beginning to its end (the last stable offset: committed records only), the
     * latest value per key kept. Meant for a student that is not running; while one runs, it gives the last committed
     * state.
     *
     * @param props   the process's settings: {@code student.application.id} and the Kafka client settings (bootstrap,
     *                security); a {@code group.id} is ignored, no offsets are committed
     * @param timeout how long reading may take
     * @throws DistillException when a changelog topic does not exist or cannot be read to its end in time
     */
    public static StudentChecksum fromChangelogs(final Map<String, ?> props, final Duration timeout) {
        final String applicationId = new StudentConfig(props).applicationId();
        final Map<String, Object> settings = new HashMap<>(ClientSettings.consumer(props));
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT));
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "distill-student-checksum-" + applicationId);
        final long deadline = System.nanoTime() + timeout.toNanos();
        final Map<String, SortedMap<Integer, SortedMap<String, byte[]>>> state = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
            for (final String name : StudentStores.LEARNABLE) {
                state.put(name, readChangelog(consumer, StudentStores.changelogTopic(applicationId, name), deadline, timeout));
            }
        } catch (final KafkaException e) {
            throw new DistillException("cannot read the changelogs of student " + applicationId + ": " + e.getMessage(), e);
        }
        return digest(state);
    }

    /** The latest value per key of every partition of {@code topic}, up to the end offsets at the start of the read. */
    private static SortedMap<Integer, SortedMap<String, byte[]>> readChangelog(final KafkaConsumer<byte[], byte[]> consumer,
                                                                               final String topic, final long deadline,
                                                                               final Duration timeout) {
        final List<PartitionInfo> infos = consumer.partitionsFor(topic, remaining(deadline));
        if (infos == null || infos.isEmpty()) {
            throw new DistillException("changelog topic " + topic + " does not exist: has a student with this application id run?");
        }
        final List<TopicPartition> partitions = new ArrayList<>();
        for (final PartitionInfo info : infos) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, remaining(deadline));
        final SortedMap<Integer, SortedMap<String, byte[]>> rows = new TreeMap<>();
        for (final TopicPartition partition : partitions) {
            rows.put(partition.partition(), new TreeMap<>());
        }
        while (!reachedEnd(consumer, partitions, end)) {
            if (System.nanoTime() - deadline >= 0) {
                throw new DistillException("changelog topic " + topic + " was not read to its end " + end + " within " + timeout);
            }
            for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                    continue;
                }
                final SortedMap<String, byte[]> partitionRows = rows.get(record.partition());
                final String key = new String(record.key(), StandardCharsets.UTF_8);
                if (record.value() == null) {
                    partitionRows.remove(key);
                } else {
                    partitionRows.put(key, record.value());
                }
            }
        }
        consumer.unsubscribe();
        return rows;
    }

    private static boolean reachedEnd(final KafkaConsumer<?, ?> consumer, final List<TopicPartition> partitions,
                                      final Map<TopicPartition, Long> end) {
        for (final TopicPartition partition : partitions) {
            if (consumer.position(partition) < end.get(partition)) {
                return false;
            }
        }
        return true;
    }

    private static Duration remaining(final long deadline) {
        return Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000));
    }

    /**
     * The checksum of a state given as store name → partition → key → value; the stores of
     * {@link StudentStores#LEARNABLE} are digested, a missing one as empty.
     */
    static StudentChecksum digest(final Map<String, SortedMap<Integer, SortedMap<String, byte[]>>> state) {
        final MessageDigest sha = newSha256();
        putBytes(sha, FORMAT.getBytes(StandardCharsets.UTF_8));
        final Map<String, Long> counts = new HashMap<>();
        final Set<Integer> withRows = new TreeSet<>();
        for (final String name : StudentStores.LEARNABLE) {
            putBytes(sha, name.getBytes(StandardCharsets.UTF_8));
            long total = 0;
            final SortedMap<Integer, SortedMap<String, byte[]>> partitions = state.getOrDefault(name, new TreeMap<>());
            for (final Map.Entry<Integer, SortedMap<String, byte[]>> partition : partitions.entrySet()) {
                final SortedMap<String, byte[]> rows = partition.getValue();
                if (rows.isEmpty()) {
                    // whether an empty task exists depends on where it is read from, not on what was learnt
                    continue;
                }
                withRows.add(partition.getKey());
                sha.update(ByteBuffer.allocate(12).putInt(partition.getKey()).putLong(rows.size()).array());
                for (final Map.Entry<String, byte[]> row : rows.entrySet()) {
                    putBytes(sha, row.getKey().getBytes(StandardCharsets.UTF_8));
                    putBytes(sha, row.getValue());
                }
                total += rows.size();
            }
            sha.update(ByteBuffer.allocate(8).putLong(total).array());
            counts.put(name, total);
        }
        return new StudentChecksum(HexFormat.of().formatHex(sha.digest()), withRows.size(), counts.get(StudentStores.ITEMS),
            counts.get(StudentStores.USERS));
    }

    private static void putBytes(final MessageDigest sha, final byte[] bytes) {
        sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha.update(bytes);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    /** {@code sha256:<hex> items=<n> users=<n> partitions=<n>}: what {@code distill checksum} prints. */
    @Override
    public String toString() {
        return "sha256:" + sha256 + " items=" + items + " users=" + users + " partitions=" + partitions;
    }
}
