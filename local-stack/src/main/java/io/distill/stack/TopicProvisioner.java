package io.distill.stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates topics idempotently and waits until the cluster's metadata shows every partition with a leader.
 *
 * <p>A topic that already exists is accepted if its partition count and (when the spec sets one) its
 * {@code cleanup.policy} match the spec. Otherwise, by {@link OnMismatch}, provisioning fails with a
 * {@link LocalStackException} naming every mismatched topic, or logs a warning. A differing replication
 * factor or other topic setting only logs a warning: operators may change those on purpose.
 *
 * <p>Works against any cluster, not only the local broker. Thread-safe if the admin client is.
 */
public final class TopicProvisioner {
    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    /** What to do with a topic that exists with another partition count or cleanup policy. */
    public enum OnMismatch {
        /** Throw a {@link LocalStackException} naming the topic, what was asked and what exists. */
        FAIL,
        /** Log a warning and use the topic as it is. */
        WARN
    }

    /** What provisioning did with a topic. */
    public enum Outcome {
        /** The topic was created now. */
        CREATED,
        /** The topic existed already (and matched, or the mismatch was only warned about). */
        EXISTED
    }

    private final Admin admin;
    private final Duration timeout;
    private final OnMismatch onMismatch;

    /**
     * @param admin the admin client to use (not closed by this class)
     * @param timeout the limit for one {@link #ensure(Collection)} call, metadata wait included
     * @param onMismatch what to do with an existing topic that does not match its spec
     */
    public TopicProvisioner(final Admin admin, final Duration timeout, final OnMismatch onMismatch) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.onMismatch = Objects.requireNonNull(onMismatch, "onMismatch");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /**
     * Provisions {@code specs} on the cluster at {@code bootstrapServers} with a short-lived admin client,
     * failing on mismatches.
     */
    public static Map<String, Outcome> provision(final String bootstrapServers, final Collection<TopicSpec> specs,
                                                 final Duration timeout) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            AdminClientConfig.CLIENT_ID_CONFIG, "distill-topic-provisioner"))) {
            return new TopicProvisioner(admin, timeout, OnMismatch.FAIL).ensure(specs);
        }
    }

    /**
     * Creates the topics that do not exist, checks those that do, and waits until all are usable.
     *
     * @return what happened to each topic, in the order of {@code specs}
     * @throws IllegalArgumentException if two specs share a name but differ
     * @throws LocalStackException on a mismatch (with {@link OnMismatch#FAIL}), a broker error or the timeout
     */
    public Map<String, Outcome> ensure(final Collection<TopicSpec> specs) {
        final Map<String, TopicSpec> byName = distinctByName(specs);
        if (byName.isEmpty()) {
            return Map.of();
        }
        final long deadline = System.nanoTime() + timeout.toNanos();
        final Map<String, Outcome> outcomes = create(byName, deadline);
        final List<String> existing = outcomes.entrySet().stream()
            .filter(e -> e.getValue() == Outcome.EXISTED).map(Map.Entry::getKey).toList();
        final Map<String, Integer> partitions = new LinkedHashMap<>();
        byName.forEach((name, spec) -> partitions.put(name, spec.partitions()));
        if (!existing.isEmpty()) {
            partitions.putAll(checkExisting(byName, existing, deadline));
        }
        awaitLeaders(partitions, deadline);
        final Set<String> created = outcomes.entrySet().stream()
            .filter(e -> e.getValue() == Outcome.CREATED).map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
        if (!created.isEmpty()) {
            LOG.info("Created topics {}", created);
        }
        return outcomes;
    }

    private static Map<String, TopicSpec> distinctByName(final Collection<TopicSpec> specs) {
        final Map<String, TopicSpec> byName = new LinkedHashMap<>();
        for (final TopicSpec spec : specs) {
            final TopicSpec previous = byName.putIfAbsent(spec.name(), spec);
            if (previous != null && !previous.equals(spec)) {
                throw new IllegalArgumentException("Two different specs for topic " + spec.name() + ": " + previous
                    + " and " + spec);
            }
        }
        return byName;
    }

    private Map<String, Outcome> create(final Map<String, TopicSpec> byName, final long deadline) {
        final Map<String, ? extends Future<Void>> futures = admin.createTopics(
            byName.values().stream().map(TopicSpec::toNewTopic).toList()).values();
        final Map<String, Outcome> outcomes = new LinkedHashMap<>();
        for (final String name : byName.keySet()) {
            try {
                await(futures.get(name), deadline, "create topic " + name);
                outcomes.put(name, Outcome.CREATED);
            } catch (final ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new LocalStackException("Cannot create topic " + name + ": " + e.getCause().getMessage(),
                        e.getCause());
                }
                outcomes.put(name, Outcome.EXISTED);
            }
        }
        return outcomes;
    }

    /** Checks existing topics against their specs; returns their actual partition counts. */
    private Map<String, Integer> checkExisting(final Map<String, TopicSpec> byName, final List<String> existing,
                                               final long deadline) {
        final Map<String, TopicDescription> descriptions = describe(existing, deadline);
        final Map<ConfigResource, Config> configs = describeConfigs(existing, deadline);
        final List<String> mismatches = new ArrayList<>();
        final Map<String, Integer> actualPartitions = new LinkedHashMap<>();
        for (final String name : existing) {
            final TopicSpec spec = byName.get(name);
            final TopicDescription description = descriptions.get(name);
            final Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name));
            final int partitions = description.partitions().size();
            actualPartitions.put(name, partitions);
            if (partitions != spec.partitions()) {
                mismatches.add("topic " + name + " has " + partitions + " partitions, expected " + spec.partitions());
            }
            final Optional<String> actualPolicy = value(config, TopicConfig.CLEANUP_POLICY_CONFIG);
            spec.cleanupPolicy().ifPresent(expected -> {
                if (!policies(expected).equals(actualPolicy.map(TopicProvisioner::policies).orElse(Set.of()))) {
                    mismatches.add("topic " + name + " has cleanup.policy=" + actualPolicy.orElse("(unknown)")
                        + ", expected " + expected);
                }
            });
            warnAboutOtherDifferences(spec, description, config);
        }
        if (!mismatches.isEmpty()) {
            final String message = "Existing topics do not match their specs: " + String.join("; ", mismatches)
                + ". Delete and recreate them, or change the specs.";
            if (onMismatch == OnMismatch.FAIL) {
                throw new LocalStackException(message);
            }
            LOG.warn("{} Using them as they are.", message);
        }
        return actualPartitions;
    }

    private static void warnAboutOtherDifferences(final TopicSpec spec, final TopicDescription description,
                                                  final Config config) {
        final int replication = description.partitions().isEmpty() ? 0 : description.partitions().get(0).replicas().size();
        if (replication != spec.replicationFactor()) {
            LOG.warn("Topic {} has replication factor {}, its spec asks for {}", spec.name(), replication,
                spec.replicationFactor());
        }
        spec.configs().forEach((key, expected) -> {
            if (TopicConfig.CLEANUP_POLICY_CONFIG.equals(key)) {
                return;
            }
            final Optional<String> actual = value(config, key);
            if (!actual.map(expected::equals).orElse(false)) {
                LOG.warn("Topic {} has {}={}, its spec asks for {}", spec.name(), key, actual.orElse("(unset)"), expected);
            }
        });
    }

    private static Optional<String> value(final Config config, final String key) {
        return Optional.ofNullable(config).map(c -> c.get(key)).map(ConfigEntry::value);
    }

    private static Set<String> policies(final String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
            .collect(Collectors.toCollection(TreeSet::new));
    }

    private Map<String, TopicDescription> describe(final Collection<String> names, final long deadline) {
        try {
            return await(admin.describeTopics(names).allTopicNames(), deadline, "describe topics " + names);
        } catch (final ExecutionException e) {
            throw new LocalStackException("Cannot describe topics " + names + ": " + e.getCause().getMessage(),
                e.getCause());
        }
    }

    private Map<ConfigResource, Config> describeConfigs(final Collection<String> names, final long deadline) {
        final List<ConfigResource> resources = names.stream()
            .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        try {
            return await(admin.describeConfigs(resources).all(), deadline, "describe the configs of " + names);
        } catch (final ExecutionException e) {
            throw new LocalStackException("Cannot describe the configs of topics " + names + ": "
                + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Waits until every topic shows its partitions, each with a leader, in the metadata. */
    private void awaitLeaders(final Map<String, Integer> partitions, final long deadline) {
        final Set<String> pending = new HashSet<>(partitions.keySet());
        while (true) {
            try {
                final Map<String, TopicDescription> descriptions =
                    await(admin.describeTopics(pending).allTopicNames(), deadline, "describe topics " + pending);
                descriptions.forEach((name, description) -> {
                    final List<TopicPartitionInfo> infos = description.partitions();
                    if (infos.size() >= partitions.get(name) && infos.stream().allMatch(p -> p.leader() != null)) {
                        pending.remove(name);
                    }
                });
            } catch (final ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new LocalStackException("Cannot describe topics " + pending + ": " + e.getCause().getMessage(),
                        e.getCause());
                }
                // Created, but not yet in this broker's metadata cache: ask again.
            }
            if (pending.isEmpty()) {
                return;
            }
            if (System.nanoTime() >= deadline) {
                throw new LocalStackException("Topics " + new TreeSet<>(pending) + " have no leader for every partition"
                    + " after " + timeout);
            }
            sleep(POLL_INTERVAL);
        }
    }

    private <T> T await(final Future<T> future, final long deadline, final String what) throws ExecutionException {
        final long remaining = deadline - System.nanoTime();
        try {
            return future.get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
        } catch (final TimeoutException e) {
            future.cancel(true);
            throw new LocalStackException("Timed out after " + timeout + " trying to " + what, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted while trying to " + what, e);
        }
    }

    private static void sleep(final Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted while waiting for topic metadata", e);
        }
    }
}
