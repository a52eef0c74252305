package io.distill.teacher.worker;

import io.distill.avro.Interaction;
import io.distill.avro.SoftLabel;
import io.distill.schemas.registry.SchemaRegistryClient;
import io.distill.schemas.registry.SchemaRegistryClientConfig;
import io.distill.schemas.registry.SchemaRegistryClients;
import io.distill.schemas.serde.SpecificAvroSerde;
import io.distill.teacher.Teacher;
import io.distill.teacher.TeacherSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.ObjectName;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The teacher worker: consumes {@code interactions-valid}, has the {@link Teacher} label every interaction
 * and publishes the soft labels to {@code soft-labels}, exactly once (consume-transform-produce in Kafka
 * transactions: the labels of a poll and the consumer offsets after it commit together or not at all).
 *
 * <p><b>State.</b> The teacher's only state is a pure function of the prefix of interactions-valid already
 * labelled, which the group's committed offsets mark. So nothing is checkpointed: at start-up, on every
 * assignment change and after every aborted transaction the teacher is discarded and rebuilt by replaying
 * that prefix (read_committed, from the beginning of each assigned partition up to the committed offset),
 * and the consumer is sought to the committed offsets. With one partition and deterministic settings
 * ({@code teacher.refit.swap.delay.events} &ge; 0) the rebuilt teacher is the very one an uninterrupted worker
 * would have, so a crash changes no label.
 *
 * <p><b>Order.</b> The teacher learns from events in one sequence: each partition in offset order, partitions
 * merged by record timestamp ({@link TimestampMerge}). Records are held (across polls) until every partition
 * that still has records to deliver has one buffered to compare with; a partition that is caught up (no lag)
 * does not hold the others back. So while the worker works through a backlog, and when it replays, the
 * sequence is the unique timestamp merge of the partitions, and labels are a pure function of the topic even
 * with several partitions. In live operation a record that reaches a caught-up partition later than records
 * with later timestamps reached the others is labelled when it arrives, so with several partitions a rebuilt
 * teacher may have seen a slightly different interleaving than the one it replaces: its labels stay valid (no
 * event is seen before it is labelled) but are not always bit-identical to an uninterrupted run's.
 * Exactly-once holds regardless.
 *
 * <p><b>Errors.</b> Fencing ({@link ProducerFencedException}, {@link InvalidProducerEpochException},
 * {@link FencedInstanceIdException}) means another instance took over: the worker stops ({@link State#FENCED}).
 * Any other {@link KafkaException} in a transaction aborts it; the teacher is then rebuilt and the consumer
 * sought back (retrying with a back-off up to 10 s). A record of interactions-valid that cannot be
 * deserialized, or has no value, stops the worker ({@link State#FAILED}) with its topic, partition and offset:
 * only the ingest writes that topic, and skipping a record silently would make labels depend on history.
 *
 * <p><b>Threads.</b> {@link #run()} does all the work on the calling thread and returns when the worker
 * stops; {@link #close()} may be called from any thread (a shutdown hook) and waits for it.
 */
public final class TeacherWorker implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TeacherWorker.class);

    /** Default wait of {@link #close()} for the worker thread to finish its transaction and close its clients. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 10_000;

    /**
     * Lifecycle: {@code CREATED → STARTING → REBUILDING ⇄ RUNNING → STOPPING → STOPPED | FENCED | FAILED}
     * (any non-terminal state may go to {@code STOPPING}). Transitions are logged at INFO.
     */
    public enum State {
        /** Built, {@link #run()} not called yet. */
        CREATED,
        /** Creating clients, fencing earlier instances with the same transactional id, joining the group. */
        STARTING,
        /** Replaying the labelled prefix of the assigned partitions into a fresh teacher. */
        REBUILDING,
        /** Labelling polls, one transaction each. */
        RUNNING,
        /** Closing the clients. */
        STOPPING,
        /** Stopped on request. */
        STOPPED,
        /** Stopped because another instance with the same transactional id (or group instance id) took over. */
        FENCED,
        /** Stopped by an error it cannot recover from; see {@link #failure()}. */
        FAILED;

        /** True for the states a worker ends in. */
        public boolean isTerminal() {
            return this == STOPPED || this == FENCED || this == FAILED;
        }

        boolean canMoveTo(final State next) {
            return switch (this) {
                case CREATED -> next == STARTING || next == STOPPING;
                case STARTING -> next == REBUILDING || next == STOPPING;
                case REBUILDING -> next == RUNNING || next == STOPPING;
                case RUNNING -> next == REBUILDING || next == STOPPING;
                case STOPPING -> next.isTerminal();
                case STOPPED, FENCED, FAILED -> false;
            };
        }
    }

    private final TeacherConfig config;
    private final TeacherSettings settings;
    private final Clock clock;
    private final String logPrefix;
    private final WorkerMetrics metrics = new WorkerMetrics();
    private final ObjectName objectName;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile Consumer<String, Interaction> consumer;
    private volatile Consumer<String, Interaction> replayConsumer;
    private volatile Throwable failure;

    // Owned by the worker thread.
    private SchemaRegistryClient registry;
    private LabelTransactions transactions;
    private Teacher teacher;
    private boolean assignmentChanged;
    private boolean teacherStale = true;
    private Set<TopicPartition> builtFor = Set.of();
    /** Records polled but not labelled yet, waiting for the other partitions to catch up in time. */
    private PendingBatches pending;
    private Map<TopicPartition, Long> labelledUpTo = Map.of();
    private long backoffMillis;
    private long lastKeepAlive;
    private long lastProgress;

    /**
     * A worker for {@code config}; nothing connects before {@link #run()}. Registers the
     * {@link TeacherWorkerMetrics} MXBean.
     *
     * @param clock stamps {@code labelledAt} on every label (nothing else depends on it)
     * @throws ConfigException if {@code bootstrap.servers} or {@code schema.registry.url} is missing or invalid
     */
    public TeacherWorker(final TeacherConfig config, final Clock clock) {
        this.config = config;
        this.settings = config.teacherSettings();
        this.clock = clock;
        this.logPrefix = "[teacher " + config.transactionalId() + "] ";
        if (!TeacherClients.producer(config).containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new ConfigException(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, null, "is required");
        }
        new SchemaRegistryClientConfig(TeacherClients.registry(config)).requiredUrls();
        this.objectName = metrics.register(config.transactionalId());
    }

    /** Consumes, labels and produces until {@link #close()} is called or the worker cannot go on. */
    @Override
    public void run() {
        if (!started.compareAndSet(false, true)) {
            if (stopRequested) {
                return;
            }
            throw new IllegalStateException(logPrefix + "run() was already called");
        }
        State end = State.STOPPED;
        try {
            transition(State.STARTING);
            start();
            loop();
        } catch (final ProducerFencedException | InvalidProducerEpochException | FencedInstanceIdException e) {
            LOG.warn("{}another instance took over (transactional id {}, group {}): {}", logPrefix, config.transactionalId(),
                config.groupId(), e.toString());
            end = State.FENCED;
        } catch (final WakeupException e) {
            end = State.STOPPED;
        } catch (final RecordDeserializationException e) {
            end = fail(Events.unreadable(e));
        } catch (final RuntimeException e) {
            end = fail(e);
        } finally {
            transition(State.STOPPING);
            closeAll();
            transition(end);
            finished.countDown();
        }
    }

    /** The current lifecycle state. */
    public State state() {
        return metrics.stateValue();
    }

    /** Why the worker is {@link State#FAILED}, if it is. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** The worker's metrics (also registered as an MXBean). */
    public TeacherWorkerMetrics metrics() {
        return metrics;
    }

    /**
     * Waits up to {@code timeout} for {@link #run()} to return.
     *
     * @return true if it has returned
     */
    public boolean awaitTermination(final Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@link #close(Duration)} with {@link #DEFAULT_CLOSE_TIMEOUT}. */
    @Override
    public void close() {
        close(DEFAULT_CLOSE_TIMEOUT);
    }

    /**
     * Asks the worker to stop and waits up to {@code timeout} for it: a transaction in progress is finished
     * (committed or aborted), then the clients are closed. Safe from any thread, idempotent.
     */
    public void close(final Duration timeout) {
        stopRequested = true;
        stopSignal.countDown();
        wakeUp(consumer);
        wakeUp(replayConsumer);
        if (started.compareAndSet(false, true)) {
            transition(State.STOPPING);
            transition(State.STOPPED);
            finished.countDown();
        }
        try {
            if (!finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{}worker still running {} after close was requested; leaving it", logPrefix, timeout);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        WorkerMetrics.unregister(objectName);
    }

    private void start() {
        registry = SchemaRegistryClients.create(TeacherClients.registry(config));
        transactions = new LabelTransactions(config, registry, () -> stopRequested, logPrefix);
        final SpecificAvroSerde<Interaction> values = new SpecificAvroSerde<>(Interaction.class, registry);
        values.configure(TeacherClients.registry(config), false);
        final KafkaConsumer<String, Interaction> groupConsumer =
            new KafkaConsumer<>(TeacherClients.consumer(config), new StringDeserializer(), values.deserializer());
        consumer = groupConsumer;
        pending = new PendingBatches(groupConsumer, Set.of(), config.pollMaxRecords());
        if (stopRequested) {
            throw new WakeupException();
        }
        groupConsumer.subscribe(List.of(config.topics().interactionsValid()), new Rebalances());
        LOG.info("{}subscribed to {} as group {}; labels go to {}", logPrefix, config.topics().interactionsValid(),
            config.groupId(), config.topics().softLabels());
    }

    private void loop() {
        lastProgress = System.nanoTime();
        while (!stopRequested) {
            final ConsumerRecords<String, Interaction> records = consumer.poll(POLL_TIMEOUT);
            if (assignmentChanged || teacherStale && (!records.isEmpty() || !consumer.assignment().isEmpty())) {
                // This poll's records are dropped: the consumer is sought to the committed offsets.
                try {
                    onAssignmentOrAbort();
                } catch (final TimeoutException e) {
                    // The broker is away (restarting): start over once it answers again.
                    LOG.warn("{}reading the committed offsets or the labelled prefix timed out, retrying: {}", logPrefix, e.toString());
                    teacherStale = true;
                    pauseBeforeRetry();
                }
                continue;
            }
            pending.add(records);
            final List<ConsumerRecord<String, Interaction>> batch = pending.nextBatch();
            if (!batch.isEmpty()) {
                labelAndCommit(batch);
            }
            logProgressIfDue();
        }
    }

    /** After a rebalance or an abort: keeps the teacher if it still matches the committed offsets, else rebuilds it. */
    private void onAssignmentOrAbort() {
        assignmentChanged = false;
        final Set<TopicPartition> assignment = Set.copyOf(consumer.assignment());
        final Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assignment);
        final Map<TopicPartition, Long> ends = new TreeMap<>(TimestampMerge.PARTITION_ORDER);
        for (final TopicPartition partition : assignment) {
            final OffsetAndMetadata offset = committed.get(partition);
            ends.put(partition, offset == null ? 0L : offset.offset());
        }
        if (!teacherStale && assignment.equals(builtFor) && ends.equals(labelledUpTo)) {
            LOG.info("{}rebalance kept partitions {} at the offsets this worker committed: keeping the teacher", logPrefix, ends);
            seek(assignment, committed);
            resetPending(assignment);
            return;
        }
        rebuild(assignment, committed, ends);
    }

    private void rebuild(final Set<TopicPartition> assignment, final Map<TopicPartition, OffsetAndMetadata> committed,
                         final Map<TopicPartition, Long> ends) {
        transition(State.REBUILDING);
        final long startedAt = System.nanoTime();
        LOG.info("{}rebuilding the teacher from the labelled prefix of {}", logPrefix, ends.isEmpty() ? "no partition" : ends);
        closeTeacher();
        teacherStale = true;
        teacher = new Teacher(settings, clock);
        consumer.pause(assignment);
        final long replayed;
        final SpecificAvroSerde<Interaction> values = new SpecificAvroSerde<>(Interaction.class, registry);
        values.configure(TeacherClients.registry(config), false);
        try (KafkaConsumer<String, Interaction> replayer =
                 new KafkaConsumer<>(TeacherClients.replayConsumer(config), new StringDeserializer(), values.deserializer())) {
            replayConsumer = replayer;
            if (stopRequested) {
                throw new WakeupException();
            }
            replayed = new PrefixReplay(replayer, this::keepAlive, () -> stopRequested || assignmentChanged).replay(ends, teacher);
        } finally {
            replayConsumer = null;
        }
        if (replayed < 0) {
            LOG.info("{}rebuild abandoned: {}", logPrefix, stopRequested ? "stopping" : "the assignment changed again");
            return;
        }
        teacher.finishReplay();
        seek(assignment, committed);
        resetPending(assignment);
        builtFor = assignment;
        labelledUpTo = ends;
        teacherStale = false;
        final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
        metrics.rebuilt(replayed, millis, teacher);
        LOG.info("{}teacher rebuilt from {} replayed events in {} ms: model {} over {} items, {} users", logPrefix, replayed,
            millis, teacher.model().version(), teacher.model().columns(), teacher.log().userCount());
        transition(State.RUNNING);
    }

    /** Drops what was polled but not labelled: the consumer was just sought back to the committed offsets. */
    private void resetPending(final Set<TopicPartition> assignment) {
        pending = new PendingBatches(consumer, assignment, config.pollMaxRecords());
    }

    /** Keeps the group membership alive during a long replay: a poll with every partition paused returns nothing. */
    private void keepAlive() {
        final long now = System.nanoTime();
        if (now - lastKeepAlive < KEEP_ALIVE_NANOS) {
            return;
        }
        lastKeepAlive = now;
        consumer.pause(consumer.assignment());
        // Records of partitions assigned in this very poll are dropped: a new assignment means a new rebuild.
        consumer.poll(Duration.ZERO);
    }

    private void seek(final Set<TopicPartition> assignment, final Map<TopicPartition, OffsetAndMetadata> committed) {
        final List<TopicPartition> fromBeginning = new ArrayList<>();
        for (final TopicPartition partition : assignment) {
            final OffsetAndMetadata offset = committed.get(partition);
            if (offset == null) {
                fromBeginning.add(partition);
            } else {
                consumer.seek(partition, offset);
            }
        }
        if (!fromBeginning.isEmpty()) {
            // Explicit offsets rather than seekToBeginning: the position is known at once, not after a lazy reset.
            consumer.beginningOffsets(fromBeginning).forEach(consumer::seek);
        }
    }

    private void labelAndCommit(final List<ConsumerRecord<String, Interaction>> batch) {
        final List<Interaction> events = new ArrayList<>(batch.size());
        for (final ConsumerRecord<String, Interaction> record : batch) {
            events.add(Events.of(record));
        }
        final Map<TopicPartition, OffsetAndMetadata> offsets = nextOffsets(batch);
        try {
            transactions.begin();
            final long startedAt = System.nanoTime();
            final List<SoftLabel> labels = teacher.label(events);
            final long labelNanos = System.nanoTime() - startedAt;
            transactions.sendAndCommit(events, labels, offsets, consumer.groupMetadata());
            final Map<TopicPartition, Long> upTo = new TreeMap<>(TimestampMerge.PARTITION_ORDER);
            upTo.putAll(labelledUpTo);
            offsets.forEach((partition, offset) -> upTo.put(partition, offset.offset()));
            labelledUpTo = upTo;
            backoffMillis = 0;
            metrics.batchCommitted(events.size(), labelNanos, teacher);
            LOG.debug("{}committed {} labels up to {}", logPrefix, events.size(), offsets);
        } catch (final ProducerFencedException | InvalidProducerEpochException | FencedInstanceIdException e) {
            throw e;
        } catch (final KafkaException e) {
            // The teacher learnt from the aborted batch: rebuild it from the committed prefix before going on.
            metrics.aborted();
            LOG.warn("{}transaction of {} labels failed, aborting it and rebuilding the teacher: {}", logPrefix, events.size(),
                e.toString());
            transactions.abort();
            teacherStale = true;
            pauseBeforeRetry();
        }
    }

    /** Waits before retrying after a failure, doubling the wait up to 10 s until a transaction commits; cut short by close. */
    private void pauseBeforeRetry() {
        backoffMillis = backoffMillis == 0 ? FIRST_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, backoffMillis * 2);
        try {
            if (stopSignal.await(backoffMillis, TimeUnit.MILLISECONDS)) {
                LOG.debug("{}back-off cut short: stopping", logPrefix);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    private void logProgressIfDue() {
        final long now = System.nanoTime();
        if (now - lastProgress >= PROGRESS_NANOS) {
            lastProgress = now;
            LOG.info("{}labelled {} events in {} transactions ({} aborted), {} µs per event; model {} over {} items",
                logPrefix, metrics.getEventsLabelled(), metrics.getBatches(), metrics.getTransactionsAborted(),
                String.format("%.1f", metrics.getMeanLabelLatencyMicros()), metrics.getModelVersion(), metrics.getModelColumns());
        }
    }

    private State fail(final RuntimeException e) {
        failure = e;
        LOG.error("{}stopping after an error it cannot recover from: {}", logPrefix, e.getMessage(), e);
        return State.FAILED;
    }

    private void transition(final State next) {
        final State current = metrics.stateValue();
        if (current == next) {
            return;
        }
        if (!current.canMoveTo(next)) {
            throw new IllegalStateException(logPrefix + "invalid transition " + current + " -> " + next);
        }
        metrics.state(next);
        LOG.info("{}state {} -> {}", logPrefix, current, next);
    }

    private void closeAll() {
        closeTeacher();
        final Consumer<String, Interaction> groupConsumer = consumer;
        consumer = null;
        if (groupConsumer != null) {
            try {
                // Leave even as a static member: a restart rejoins at once, and anyone else takes over now.
                groupConsumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            } catch (final RuntimeException e) {
                LOG.warn("{}closing the consumer failed: {}", logPrefix, e.toString());
            }
        }
        if (transactions != null) {
            transactions.close();
            transactions = null;
        }
        if (registry != null) {
            try {
                registry.close();
            } catch (final Exception e) {
                LOG.warn("{}closing the schema-registry client failed: {}", logPrefix, e.toString());
            }
            registry = null;
        }
    }

    private void closeTeacher() {
        if (teacher != null) {
            teacher.close();
            teacher = null;
        }
    }

    /** The offset after the last record of each partition in the batch (each partition is in offset order). */
    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(final List<ConsumerRecord<String, Interaction>> batch) {
        final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (final ConsumerRecord<String, Interaction> record : batch) {
            offsets.put(new TopicPartition(record.topic(), record.partition()),
                new OffsetAndMetadata(record.offset() + 1, record.leaderEpoch(), ""));
        }
        return offsets;
    }

    private static void wakeUp(final Consumer<?, ?> target) {
        if (target != null) {
            target.wakeup();
        }
    }

    /** Flags every assignment change; the worker thread acts on it after the poll. */
    private final class Rebalances implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(final Collection<TopicPartition> partitions) {
            assignmentChanged = true;
        }

        @Override
        public void onPartitionsAssigned(final Collection<TopicPartition> partitions) {
            assignmentChanged = true;
        }

        @Override
        public void onPartitionsLost(final Collection<TopicPartition> partitions) {
            assignmentChanged = true;
        }
    }
}
