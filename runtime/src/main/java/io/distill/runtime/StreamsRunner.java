package io.distill.runtime;

import io.distill.schemas.DistillException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Kafka Streams topology in this process, the way every distill Streams service does:
 * <ul>
 *   <li>the settings are the process's Kafka Streams and client keys passed through untouched
 *       ({@link ClientSettings#streams}), with {@code application.id} and
 *       {@code processing.guarantee=exactly_once_v2} forced; they are checked when the runner is built, so
 *       a bad value fails naming its key before anything connects;</li>
 *   <li>{@link #start} checks that the topics the topology needs exist (it never creates them) and fails
 *       naming the missing ones;</li>
 *   <li>state transitions are logged at INFO;</li>
 *   <li>a stream thread that dies is replaced or the client shut down (state {@code ERROR}) as
 *       {@link ThreadRecovery} decides: always replaced on a transient error, a bounded number of times on other Kafka
 *       errors, never on a bug or a security or configuration error;</li>
 *   <li>{@link #close()} is idempotent and bounded, and leaves the consumer group so that the other instances take
 *       the tasks over at once, unless static membership ({@code group.instance.id}) is configured: then the
 *       instance is expected back and keeps its tasks until its session times out.</li>
 * </ul>
 * Read-only key-value stores are exposed for interactive queries ({@link #store}). Thread-safe.
 */
public final class StreamsRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final long STORE_RETRY_MS = 50;

    private final String name;
    private final String applicationId;
    private final Map<String, Object> streamsSettings;
    private final Map<String, Object> adminSettings;
    private final GroupMembershipOperation onClose;
    private final ThreadRecovery recovery;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final Object stateChanged = new Object();
    // volatile: state(), metrics() and store() are read by other threads (HTTP, tests) without the lifecycle lock
    private volatile KafkaStreams streams;
    private boolean closed;

    /**
     * Builds and checks the Kafka Streams settings; connects to nothing.
     *
     * @param name          what runs, for logs and messages ("ingest", "student")
     * @param applicationId the {@code application.id}, whatever {@code props} says
     * @param props         the process's settings (e.g. from {@link DistillProperties#load}); distill's own keys are
     *                      ignored here
     * @throws ConfigException naming the key of an invalid or missing Kafka Streams or {@link ThreadRecovery} setting
     */
    public StreamsRunner(final String name, final String applicationId, final Map<String, ?> props) {
        this.name = Objects.requireNonNull(name, "name");
        this.applicationId = Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(props, "props");
        this.streamsSettings = Map.copyOf(streamsSettings(name, applicationId, props));
        this.adminSettings = Map.copyOf(ClientSettings.admin(props));
        this.recovery = new ThreadRecovery(name, props);
        this.onClose = isStaticMember(streamsSettings) ? GroupMembershipOperation.REMAIN_IN_GROUP : GroupMembershipOperation.LEAVE_GROUP;
    }

    private static boolean isStaticMember(final Map<String, Object> settings) {
        final String key = ConsumerConfig.GROUP_INSTANCE_ID_CONFIG;
        return settings.containsKey(key) || settings.containsKey(StreamsConfig.consumerPrefix(key))
            || settings.containsKey(StreamsConfig.mainConsumerPrefix(key));
    }

    /**
     * The Kafka Streams settings of a service: every Streams and client key of {@code props}, with
     * {@code application.id} and exactly-once v2 forced (a different guarantee is logged and ignored).
     *
     * @throws ConfigException naming the key of an invalid or missing setting
     */
    static Map<String, Object> streamsSettings(final String name, final String applicationId, final Map<String, ?> props) {
        final Map<String, Object> settings = new HashMap<>(ClientSettings.streams(props));
        final Object guarantee = settings.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
        if (guarantee != null && !StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee.toString().strip())) {
            LOG.warn("Ignoring {}={}: the {} always runs with {}", StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee, name,
                StreamsConfig.EXACTLY_ONCE_V2);
        }
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        settings.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // fails now, naming the key, rather than at start
        new StreamsConfig(settings);
        return settings;
    }

    public String applicationId() {
        return applicationId;
    }

    /** What {@link #close()} does with the group membership. */
    GroupMembershipOperation membershipOnClose() {
        return onClose;
    }

    /** The Kafka Streams settings in force (immutable): pass-through keys plus the forced ones. */
    public Map<String, Object> streamsSettings() {
        return streamsSettings;
    }

    /**
     * Checks that {@code requiredTopics} exist, then starts processing {@code topology}; returns once Kafka
     * Streams is starting (not when it runs).
     *
     * @throws DistillException naming the topics that do not exist, or when they cannot be checked
     * @throws IllegalStateException when already started or closed
     */
    public synchronized void start(final Topology topology, final Collection<String> requiredTopics) {
        Objects.requireNonNull(topology, "topology");
        if (closed || streams != null) {
            throw new IllegalStateException("the " + name + " can be started once; it is " + (closed ? "closed" : "started"));
        }
        requireTopics(requiredTopics);
        LOG.info("Starting {} {} with settings {}", name, applicationId, ClientSettings.redacted(streamsSettings));
        final KafkaStreams created = new KafkaStreams(topology, new StreamsConfig(streamsSettings));
        created.setStateListener((newState, oldState) -> {
            LOG.info("{} {}: {} -> {}", name, applicationId, oldState, newState);
            if (newState == KafkaStreams.State.NOT_RUNNING || newState == KafkaStreams.State.ERROR) {
                terminated.countDown();
            }
            synchronized (stateChanged) {
                stateChanged.notifyAll();
            }
        });
        created.setUncaughtExceptionHandler(recovery::onThreadDeath);
        streams = created;
        created.start();
    }

    /** The Kafka Streams state; {@code CREATED} before {@link #start}. */
    public KafkaStreams.State state() {
        final KafkaStreams current = streams;
        return current == null ? KafkaStreams.State.CREATED : current.state();
    }

    /** Kafka Streams' metrics, the topology's own sensors included; empty before {@link #start}. */
    public Map<MetricName, ? extends Metric> metrics() {
        final KafkaStreams current = streams;
        return current == null ? Map.of() : current.metrics();
    }

    /**
     * A read-only view of the key-value store {@code storeName} over every task of this instance, for
     * interactive queries; waits until Kafka Streams is {@code RUNNING} and the store is queryable. The view
     * may throw {@link InvalidStateStoreException} later, when a rebalance moves tasks: ask again.
     *
     * @throws DistillException when Kafka Streams is not started, has stopped, or the store is not queryable within
     *                          {@code timeout}
     */
    public <K, V> ReadOnlyKeyValueStore<K, V> store(final String storeName, final Duration timeout) {
        return query(StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<K, V>keyValueStore()), timeout);
    }

    /** As {@link #store(String, Duration)}, restricted to the task of one input partition, which must be local. */
    public <K, V> ReadOnlyKeyValueStore<K, V> store(final String storeName, final int partition, final Duration timeout) {
        return query(StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<K, V>keyValueStore())
            .withPartition(partition), timeout);
    }

    /**
     * Input partitions of the active tasks of this instance (for a single-subtopology topology, one per task), in
     * ascending order; waits until Kafka Streams is {@code RUNNING}.
     *
     * @throws DistillException as {@link #store(String, Duration)}
     */
    public Set<Integer> activePartitions(final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        final KafkaStreams current = awaitRunning(deadline, "list its tasks");
        final Set<Integer> partitions = new TreeSet<>();
        for (final ThreadMetadata thread : current.metadataForLocalThreads()) {
            for (final TaskMetadata task : thread.activeTasks()) {
                partitions.add(task.taskId().partition());
            }
        }
        return partitions;
    }

    /**
     * Waits until processing has stopped (closed, or shut down by an error).
     *
     * @return false if it is still running after {@code timeout}
     */
    public boolean awaitTermination(final Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops processing, waiting up to 30 s for a clean shutdown (the open transaction committed), and leaves the group
     * unless static membership is configured. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (streams != null && !streams.close(CloseOptions.timeout(CLOSE_TIMEOUT).withGroupMembershipOperation(onClose))) {
                LOG.warn("{} {} did not stop within {}", name, applicationId, CLOSE_TIMEOUT);
            }
        } finally {
            terminated.countDown();
            synchronized (stateChanged) {
                stateChanged.notifyAll();
            }
        }
    }

    private <T> T query(final StoreQueryParameters<T> parameters, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        InvalidStateStoreException last = null;
        while (true) {
            final KafkaStreams current = awaitRunning(deadline, "query store " + parameters.storeName());
            try {
                return current.store(parameters);
            } catch (final InvalidStateStoreException e) {
                // migrating or restoring after a rebalance: queryable again shortly
                last = e;
            }
            if (!pause(deadline)) {
                throw new DistillException("store " + parameters.storeName() + " of the " + name + " " + applicationId
                    + " is not queryable after " + timeout + ": " + last.getMessage(), last);
            }
        }
    }

    /** Kafka Streams once it is RUNNING; fails if it stops or the deadline passes first. */
    private KafkaStreams awaitRunning(final long deadline, final String purpose) {
        while (true) {
            final KafkaStreams current = streams;
            final KafkaStreams.State state = current == null ? KafkaStreams.State.CREATED : current.state();
            if (current == null && closed) {
                throw new DistillException("cannot " + purpose + ": the " + name + " " + applicationId + " is closed");
            }
            if (current == null) {
                throw new DistillException("cannot " + purpose + ": the " + name + " " + applicationId + " is not started");
            }
            if (state == KafkaStreams.State.RUNNING) {
                return current;
            }
            if (!state.isRunningOrRebalancing() && state != KafkaStreams.State.CREATED) {
                throw new DistillException("cannot " + purpose + ": the " + name + " " + applicationId + " is " + state);
            }
            if (!pause(deadline)) {
                throw new DistillException("cannot " + purpose + ": the " + name + " " + applicationId + " is still " + state);
            }
        }
    }

    /** Waits for a state change or a short while, whichever comes first; false once the deadline has passed. */
    private boolean pause(final long deadline) {
        final long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        synchronized (stateChanged) {
            try {
                stateChanged.wait(Math.max(1, Math.min(STORE_RETRY_MS, TimeUnit.NANOSECONDS.toMillis(left))));
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DistillException("interrupted while waiting for the " + name + " " + applicationId, e);
            }
        }
        return true;
    }

    private void requireTopics(final Collection<String> names) {
        final Set<String> unique = new LinkedHashSet<>(names);
        if (unique.isEmpty()) {
            return;
        }
        final List<String> missing = new ArrayList<>();
        try (Admin admin = Admin.create(adminSettings)) {
            final Map<String, KafkaFuture<TopicDescription>> found = admin.describeTopics(unique).topicNameValues();
            for (final String topic : unique) {
                try {
                    found.get(topic).get();
                } catch (final ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw new DistillException("cannot check that topic '" + topic + "' exists at "
                            + adminSettings.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) + ": " + e.getCause(), e.getCause());
                    }
                    missing.add(topic);
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DistillException("interrupted while checking the " + name + "'s topics", e);
        } catch (final KafkaException e) {
            throw new DistillException("cannot check the " + name + "'s topics: " + e.getMessage(), e);
        }
        if (!missing.isEmpty()) {
            throw new DistillException("topic(s) " + missing + " do not exist; the " + name + " does not create topics: create them "
                + "with the local stack or kafka-topics.sh, or point the topic.* settings at existing ones");
        }
    }
}
