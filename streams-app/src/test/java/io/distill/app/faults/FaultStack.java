package io.distill.app.faults;

import io.distill.app.topics.DistillTopics;
import io.distill.schemas.topics.TopicNames;
import io.distill.stack.KafkaBroker;
import io.distill.stack.TopicProvisioner;
import io.distill.stack.TopicSpec;
import io.distill.stack.registry.SchemaRegistryServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/**
 * A broker and a schema registry of a fault test's own, in a temporary directory: a test that stops or restarts
 * the broker must never do so to the shared one. Topics keep records forever ({@code log.retention.ms=-1}): the
 * synthetic stream's event times are years old.
 */
final class FaultStack implements AutoCloseable {
    /** Records are never older than this: a compacted topic with this lag is never cleaned. */
    static final String NEVER = Long.toString(Long.MAX_VALUE);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaBroker broker;
    private final SchemaRegistryServer registry;

    private FaultStack(final KafkaBroker broker, final SchemaRegistryServer registry) {
        this.broker = broker;
        this.registry = registry;
    }

    /** Starts a broker (free loopback ports) and a registry in {@code dir}. */
    static FaultStack start(final Path dir) {
        return start(dir, 0, 0, Map.of());
    }

    /**
     * As {@link #start(Path)}, on given client and controller ports (0 = free ones), with extra broker settings
     * (listeners, security).
     */
    static FaultStack start(final Path dir, final int port, final int controllerPort, final Map<String, String> brokerOverrides) {
        final Map<String, String> overrides = new HashMap<>(brokerOverrides);
        overrides.putIfAbsent("log.retention.ms", "-1");
        final KafkaBroker broker = new KafkaBroker(KafkaBroker.Settings.ephemeral(dir.resolve("kafka"))
            .withPorts(port, controllerPort).withBrokerOverrides(overrides));
        broker.start();
        try {
            return new FaultStack(broker, SchemaRegistryServer.start(
                SchemaRegistryServer.Settings.defaults(broker.bootstrapServers()).withPort(0)));
        } catch (final RuntimeException e) {
            broker.stop();
            throw e;
        }
    }

    KafkaBroker broker() {
        return broker;
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    String registryUrl() {
        return registry.url().toString();
    }

    /**
     * Creates distill's six topics under {@code names}, as {@link DistillTopics#specs} does, except that the compacted
     * recommendations topic is never cleaned ({@code min.compaction.lag.ms} = forever): the audit must see every
     * recommendation ever committed, and compaction would hide duplicates (and losses) of a user's earlier ones.
     * The topic stays {@code cleanup.policy=compact}, so the student writes to what production has.
     */
    void createTopics(final TopicNames names) {
        createTopics(bootstrapServers(), names);
    }

    /** {@link #createTopics(TopicNames)} on any cluster. */
    static void createTopics(final String bootstrapServers, final TopicNames names) {
        final List<TopicSpec> specs = new ArrayList<>();
        for (final TopicSpec spec : DistillTopics.specs(names)) {
            specs.add(spec.name().equals(names.recommendations())
                ? spec.withConfig(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, NEVER) : spec);
        }
        TopicProvisioner.provision(bootstrapServers, specs, TOPIC_TIMEOUT);
    }

    /** Stops the registry, then the broker. */
    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            broker.stop();
        }
    }
}
