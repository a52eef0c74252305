package io.distill.stack;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * A topic as the application needs it: name, partition count, replication factor and topic-level
 * configuration (e.g. {@code cleanup.policy=compact}). Immutable; {@code with...} methods return copies.
 *
 * @param name a legal Kafka topic name
 * @param partitions at least 1
 * @param replicationFactor at least 1 (the local stack has one broker, so 1)
 * @param configs topic-level settings, keys from {@link TopicConfig}
 */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {
    private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    /** Validates and makes an immutable, key-ordered copy of {@code configs}. */
    public TopicSpec {
        if (name == null || !LEGAL_NAME.matcher(name).matches() || ".".equals(name) || "..".equals(name)) {
            throw new IllegalArgumentException("Illegal topic name '" + name
                + "': use 1 to 249 of [a-zA-Z0-9._-], and not '.' or '..'");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("Topic " + name + ": partitions must be at least 1, got " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("Topic " + name + ": replicationFactor must be at least 1, got "
                + replicationFactor);
        }
        Objects.requireNonNull(configs, "configs");
        configs.forEach((key, value) -> {
            if (key == null || value == null) {
                throw new IllegalArgumentException("Topic " + name + ": config keys and values must not be null");
            }
        });
        configs = Collections.unmodifiableMap(new TreeMap<>(configs));
    }

    /** A topic with replication factor 1 and broker-default configuration. */
    public static TopicSpec of(final String name, final int partitions) {
        return new TopicSpec(name, partitions, (short) 1, Map.of());
    }

    /** A compacted topic ({@code cleanup.policy=compact}) with replication factor 1. */
    public static TopicSpec compacted(final String name, final int partitions) {
        return of(name, partitions).withConfig(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    }

    /** A copy with one topic-level setting added or replaced. */
    public TopicSpec withConfig(final String key, final String value) {
        final Map<String, String> copy = new TreeMap<>(configs);
        copy.put(key, value);
        return new TopicSpec(name, partitions, replicationFactor, copy);
    }

    /** A copy with another replication factor. */
    public TopicSpec withReplicationFactor(final short value) {
        return new TopicSpec(name, partitions, value, configs);
    }

    /** The {@code cleanup.policy} this spec asks for, if it sets one. */
    public Optional<String> cleanupPolicy() {
        return Optional.ofNullable(configs.get(TopicConfig.CLEANUP_POLICY_CONFIG));
    }

    /** The admin-client request that creates this topic. */
    public NewTopic toNewTopic() {
        return new NewTopic(name, partitions, replicationFactor).configs(configs);
    }
}
