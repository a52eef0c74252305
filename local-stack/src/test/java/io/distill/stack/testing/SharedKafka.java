package io.distill.stack.testing;

import io.distill.stack.KafkaBroker;
import io.distill.stack.TopicProvisioner;
import io.distill.stack.TopicSpec;
import io.distill.stack.registry.SchemaRegistryServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real Kafka broker and one schema registry per test JVM, shared by every test that asks for them:
 * started lazily on the first {@link #get()}, on free loopback ports, in a fresh temporary directory, and
 * stopped (directory deleted) by a shutdown hook when the JVM exits. Tests isolate themselves by topic name ({@link #uniqueTopic(String)}),
 * never by restarting it: a test that needs to stop, kill or restart a broker starts its own
 * {@link KafkaBroker}.
 */
public final class SharedKafka {
    private static final Logger LOG = LoggerFactory.getLogger(SharedKafka.class);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

    private static SharedKafka instance;
    private static RuntimeException startFailure;

    private final Path dir;
    private final KafkaBroker broker;
    private final AtomicLong topicCounter = new AtomicLong();
    private volatile SchemaRegistryServer registry;

    private SharedKafka(final Path dir, final KafkaBroker broker) {
        this.dir = dir;
        this.broker = broker;
    }

    /**
     * The shared broker, started on the first call. A failed start is remembered and rethrown on every
     * later call, so each test reports the original cause instead of starting another broker.
     */
    public static synchronized SharedKafka get() {
        if (startFailure != null) {
            throw new IllegalStateException("The shared Kafka broker failed to start earlier in this JVM", startFailure);
        }
        if (instance == null) {
            try {
                instance = start();
            } catch (final RuntimeException e) {
                startFailure = e;
                throw e;
            }
        }
        return instance;
    }

    private static SharedKafka start() {
        final Path dir;
        try {
            dir = Files.createTempDirectory("distill-shared-kafka-");
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot create a directory for the shared Kafka broker", e);
        }
        // Tests write event times from years ago (datasets, synthetic streams): with the broker's default 7-day
        // retention, its periodic check would delete them mid-test. Keep everything, as distill's topics do.
        final KafkaBroker broker = new KafkaBroker(KafkaBroker.Settings.ephemeral(dir.resolve("kafka"))
            .withBrokerOverrides(java.util.Map.of("log.retention.ms", "-1")));
        final SharedKafka shared = new SharedKafka(dir, broker);
        Runtime.getRuntime().addShutdownHook(new Thread(shared::shutdown, "distill-shared-kafka-shutdown"));
        broker.start();
        shared.registry = SchemaRegistryServer.start(
            SchemaRegistryServer.Settings.defaults(broker.bootstrapServers()).withPort(0));
        LOG.info("Shared Kafka broker for this test JVM at {}, schema registry at {} (data {})",
            broker.bootstrapServers(), shared.registry.url(), dir);
        return shared;
    }

    /** The broker's bootstrap address, {@code 127.0.0.1:port}. */
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The schema registry's base URL, {@code http://127.0.0.1:port}: the value for {@code schema.registry.url}. */
    public URI schemaRegistryUrl() {
        return registry.url();
    }

    /** Client settings that reach the broker ({@code bootstrap.servers}); add the rest per client. */
    public Map<String, Object> clientConfig() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    /** A new admin client for the broker; the caller closes it. */
    public Admin newAdmin() {
        return Admin.create(clientConfig());
    }

    /** A {@link RecordCollector} (read_committed) for the broker. */
    public RecordCollector records() {
        return RecordCollector.forBootstrap(bootstrapServers());
    }

    /**
     * A topic name not used before in this JVM: {@code prefix} (illegal characters replaced by '-') plus a
     * sequence number. Nothing is created.
     */
    public String uniqueTopic(final String prefix) {
        final String clean = prefix.replaceAll("[^a-zA-Z0-9._-]", "-");
        return clean + "-" + topicCounter.incrementAndGet();
    }

    /** Creates a topic named {@link #uniqueTopic(String)} with {@code partitions} partitions; returns its name. */
    public String createTopic(final String prefix, final int partitions) {
        final String name = uniqueTopic(prefix);
        createTopics(TopicSpec.of(name, partitions));
        return name;
    }

    /** Creates the topics (idempotently) and waits until every partition has a leader. */
    public void createTopics(final TopicSpec... specs) {
        createTopics(List.of(specs));
    }

    /** Creates the topics (idempotently) and waits until every partition has a leader. */
    public void createTopics(final Collection<TopicSpec> specs) {
        TopicProvisioner.provision(bootstrapServers(), specs, TOPIC_TIMEOUT);
    }

    /** The temporary directory holding the broker's data (deleted when the JVM exits). */
    public Path dataDir() {
        return dir;
    }

    private void shutdown() {
        final SchemaRegistryServer server = registry;
        if (server != null) {
            server.close();
        }
        broker.stop();
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (final IOException e) {
            LOG.warn("Cannot delete {}: {}", dir, e.toString());
        }
    }
}
