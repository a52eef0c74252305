package io.distill.app.bench;

import io.distill.runtime.ClientSettings;
import io.distill.schemas.DistillException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a stage's output topics from their beginning, as a downstream application would ({@code read_committed}, no
 * consumer group), on a thread of its own, and notes when the first record arrived and when the expected number had. A record counts
 * once its transaction is committed, so "the last record was read" is "the stage's last output was committed".
 *
 * <p>Arrival times are taken when {@code poll} returns, so they lag the commit by at most one fetch round trip: the
 * broker answers a waiting fetch as soon as committed data is there, or after {@value #FETCH_MAX_WAIT_MS} ms.
 */
final class OutputWatcher implements AutoCloseable {
    /** Bounds how late a committed record may be noticed when the broker does not answer a waiting fetch at once. */
    static final int FETCH_MAX_WAIT_MS = 50;
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    /** Sees each record as it arrives, on the watcher's thread. */
    @FunctionalInterface
    interface Handler {
        /**
         * @param record         the record, value bytes as written
         * @param receivedMillis wall time (the watcher's clock) when the poll that returned it came back
         */
        void handle(ConsumerRecord<byte[], byte[]> record, long receivedMillis);
    }

    private final Map<String, Object> settings;
    private final List<String> topics;
    private final long expected;
    private final Handler handler;
    private final Clock clock;
    private final Thread thread;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final AtomicLong count = new AtomicLong();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final AtomicLong firstNanos = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong doneNanos = new AtomicLong(Long.MIN_VALUE);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean closing;

    private OutputWatcher(final Map<String, ?> config, final Collection<String> topics, final long expected,
                          final Handler handler, final Clock clock) {
        this.settings = consumerSettings(config);
        this.topics = List.copyOf(topics);
        this.expected = expected;
        this.handler = Objects.requireNonNull(handler, "handler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.topics.forEach(topic -> counts.put(topic, new AtomicLong()));
        this.thread = new Thread(this::run, "distill-bench-watcher");
        this.thread.setDaemon(true);
    }

    /**
     * Starts reading {@code topics} from their beginning and returns once every partition's start position is known,
     * so nothing the stage writes afterwards can be missed and the first poll does not pay for the look-up.
     *
     * @param config   the run's settings: the standard consumer keys are used, with read_committed and no group
     * @param expected how many records make the output complete ({@link #doneNanos()})
     * @param handler  sees every record (the latency run decodes recommendations); {@code (r, t) -> { }} for none
     * @throws DistillException when the topics cannot be read within a minute
     */
    static OutputWatcher start(final Map<String, ?> config, final Collection<String> topics, final long expected,
                               final Handler handler, final Clock clock) throws InterruptedException {
        final OutputWatcher watcher = new OutputWatcher(config, topics, expected, handler, clock);
        watcher.thread.start();
        if (!watcher.ready.await(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            watcher.close();
            throw new DistillException("could not start reading " + topics + " within " + READY_TIMEOUT.toSeconds() + " s");
        }
        final Throwable failed = watcher.failure.get();
        if (failed != null) {
            watcher.close();
            throw new DistillException("cannot read " + topics + ": " + failed, failed);
        }
        return watcher;
    }

    static Map<String, Object> consumerSettings(final Map<String, ?> config) {
        final Map<String, Object> settings = new HashMap<>(ClientSettings.consumer(config));
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "distill-bench-watcher");
        return settings;
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> created = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = created;
            final List<TopicPartition> partitions = new ArrayList<>();
            for (final String topic : topics) {
                for (final PartitionInfo info : created.partitionsFor(topic, READY_TIMEOUT)) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            created.assign(partitions);
            created.seekToBeginning(partitions);
            partitions.forEach(partition -> created.position(partition, READY_TIMEOUT));
            ready.countDown();
            while (!closing) {
                final ConsumerRecords<byte[], byte[]> records = created.poll(POLL);
                if (records.isEmpty()) {
                    continue;
                }
                final long now = System.nanoTime();
                final long wall = clock.millis();
                for (final ConsumerRecord<byte[], byte[]> record : records) {
                    handler.handle(record, wall);
                    counts.get(record.topic()).incrementAndGet();
                }
                firstNanos.compareAndSet(Long.MIN_VALUE, now);
                // the times before the count: whoever sees the count complete finds them set (this thread alone writes)
                final long total = count.get() + records.count();
                if (total >= expected) {
                    doneNanos.compareAndSet(Long.MIN_VALUE, now);
                }
                count.set(total);
            }
        } catch (final WakeupException e) {
            // closing
        } catch (final RuntimeException e) {
            failure.set(e);
        } finally {
            ready.countDown();
        }
    }

    /** Records read so far, over every topic. */
    long count() {
        return count.get();
    }

    /** Records read so far from {@code topic}. */
    long count(final String topic) {
        return counts.get(topic).get();
    }

    /** {@link System#nanoTime()} when the first record arrived, if one has. */
    Optional<Long> firstNanos() {
        final long value = firstNanos.get();
        return value == Long.MIN_VALUE ? Optional.empty() : Optional.of(value);
    }

    /** {@link System#nanoTime()} when the record that made the count reach the expected one arrived, if it has. */
    Optional<Long> doneNanos() {
        final long value = doneNanos.get();
        return value == Long.MIN_VALUE ? Optional.empty() : Optional.of(value);
    }

    /** Why the watcher stopped reading, if it failed. */
    Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** Stops reading and waits for the thread; the counts stay readable. */
    @Override
    public void close() throws InterruptedException {
        closing = true;
        final KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        thread.join(READY_TIMEOUT.toMillis());
    }
}
