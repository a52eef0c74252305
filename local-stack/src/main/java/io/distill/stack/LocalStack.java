package io.distill.stack;

import io.distill.stack.registry.SchemaRegistryServer;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole local stack in one object: a real Kafka broker (child JVM, {@link KafkaBroker}), then the
 * schema registry ({@link SchemaRegistryServer}, in this JVM, storing schemas in the broker), then the
 * application's topics. Everything listens on loopback only and lives under {@link LocalStackConfig#dir()},
 * so stopping and starting again over the same directory keeps topics, records and registered schemas.
 *
 * <p>{@link #close()} stops the registry, then the broker. If {@link #start} fails, whatever it had started
 * is stopped again before the exception propagates.
 */
public final class LocalStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(60);

    private final LocalStackConfig config;
    private final KafkaBroker broker;
    private final SchemaRegistryServer registry;
    private final Map<String, TopicProvisioner.Outcome> topics;

    private LocalStack(final LocalStackConfig config, final KafkaBroker broker, final SchemaRegistryServer registry,
                       final Map<String, TopicProvisioner.Outcome> topics) {
        this.config = config;
        this.broker = broker;
        this.registry = registry;
        this.topics = topics;
    }

    /**
     * Starts the stack described by {@code config} and provisions {@code topics} (see
     * {@link TopicProvisioner}; an existing topic with another partition count or cleanup policy fails).
     *
     * @throws LocalStackException if any part cannot start; nothing is left running
     */
    public static LocalStack start(final LocalStackConfig config, final Collection<TopicSpec> topics) {
        return start(config, config.brokerSettings(), topics);
    }

    /**
     * As {@link #start(LocalStackConfig, Collection)}, with broker settings of the caller's (e.g. other JVM
     * options or classpath). The registry still follows {@code config}.
     */
    public static LocalStack start(final LocalStackConfig config, final KafkaBroker.Settings brokerSettings,
                                   final Collection<TopicSpec> topics) {
        Objects.requireNonNull(config, "config");
        final List<TopicSpec> specs = List.copyOf(topics);
        final long started = System.nanoTime();
        final KafkaBroker broker = new KafkaBroker(brokerSettings);
        SchemaRegistryServer registry = null;
        try {
            broker.start();
            registry = SchemaRegistryServer.start(new SchemaRegistryServer.Settings(broker.bootstrapServers(),
                config.host(), config.registryPort(), config.registryTopic(), (short) 1, Map.of()));
            final Map<String, TopicProvisioner.Outcome> outcomes =
                TopicProvisioner.provision(broker.bootstrapServers(), specs, TOPIC_TIMEOUT);
            LOG.info("Local stack up in {} ms: Kafka at {}, schema registry at {}, data in {}",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), broker.bootstrapServers(), registry.url(),
                config.dir().toAbsolutePath().normalize());
            return new LocalStack(config, broker, registry, outcomes);
        } catch (final RuntimeException e) {
            if (registry != null) {
                registry.close();
            }
            broker.stop();
            throw e;
        }
    }

    /** The broker's bootstrap address, e.g. {@code 127.0.0.1:9092}. */
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The registry's base URL, e.g. {@code http://127.0.0.1:8081}: the value for {@code schema.registry.url}. */
    public URI schemaRegistryUrl() {
        return registry.url();
    }

    /** The broker, e.g. to restart or kill it in fault tests. */
    public KafkaBroker broker() {
        return broker;
    }

    /** What provisioning did with each topic on this start. */
    public Map<String, TopicProvisioner.Outcome> topics() {
        return topics;
    }

    /** The configuration this stack was started with. */
    public LocalStackConfig config() {
        return config;
    }

    /** Stops the registry, then the broker (cleanly). Idempotent. */
    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            broker.stop();
        }
        LOG.info("Local stack stopped (data kept in {})", config.dir().toAbsolutePath().normalize());
    }
}
