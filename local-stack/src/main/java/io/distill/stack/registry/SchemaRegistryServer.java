package io.distill.stack.registry;

import com.sun.net.httpserver.HttpServer;
import io.distill.schemas.registry.InMemorySchemaRegistry;
import io.distill.stack.LocalStackException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry for the local stack that speaks the Confluent Schema Registry REST API (the subset
 * common clients use, Avro only) and keeps its state the way Confluent's does: in a compacted
 * single-partition topic ({@code _schemas} by default) in Confluent's record format. On start it creates the
 * topic if absent, reads it to the end and only then serves, so a restart over the same topic gives back the
 * same ids, versions and compatibility levels. Every change is produced ({@code acks=all}, idempotent) and
 * acknowledged before it is applied and answered.
 *
 * <p>One server writes a topic at a time: it is not a cluster (there is no leader election), though it does
 * read what others wrote to the topic before each change.
 *
 * <p>{@code SchemaRegistryServer.start(Settings.defaults("127.0.0.1:9092"))} serves on
 * {@code http://127.0.0.1:8081}; {@link #close()} stops it.
 */
public final class SchemaRegistryServer implements AutoCloseable {
    /** Loopback only, so the local stack is not reachable from other machines. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The port every Confluent user expects. */
    public static final int DEFAULT_PORT = 8081;
    /** Confluent's default topic name. */
    public static final String DEFAULT_TOPIC = "_schemas";
    /** One broker in the local stack. */
    public static final short DEFAULT_REPLICATION_FACTOR = 1;
    /** How long start-up and each write may wait for Kafka. */
    public static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryServer.class);
    private static final int HTTP_THREADS = 4;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final HttpServer http;
    private final ExecutorService executor;
    private final AutoCloseable journal;
    private final URI url;
    private boolean closed;

    /**
     * Where and how the server runs.
     *
     * @param bootstrapServers  the Kafka cluster holding the topic
     * @param host              the address to bind, null for {@link #DEFAULT_HOST}
     * @param port              the HTTP port, 0 for a free one ({@link #DEFAULT_PORT} by {@link #defaults})
     * @param topic             the schemas topic, null for {@link #DEFAULT_TOPIC}
     * @param replicationFactor of the topic when the server creates it
     * @param kafkaProperties   Kafka client settings passed to the server's clients, e.g. security settings
     *                          ({@code security.protocol}, {@code sasl.jaas.config}); null for none
     */
    public record Settings(String bootstrapServers, String host, int port, String topic, short replicationFactor,
                           Map<String, String> kafkaProperties) {
        public Settings {
            Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            host = host == null ? DEFAULT_HOST : host;
            topic = topic == null ? DEFAULT_TOPIC : topic;
            kafkaProperties = kafkaProperties == null ? Map.of() : Map.copyOf(kafkaProperties);
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            if (replicationFactor < 1) {
                throw new IllegalArgumentException("replicationFactor must be at least 1, got " + replicationFactor);
            }
        }

        /** {@link #DEFAULT_HOST}:{@link #DEFAULT_PORT}, topic {@link #DEFAULT_TOPIC}, replication factor 1. */
        public static Settings defaults(final String bootstrapServers) {
            return new Settings(bootstrapServers, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_TOPIC, DEFAULT_REPLICATION_FACTOR,
                    Map.of());
        }

        public Settings withHost(final String value) {
            return new Settings(bootstrapServers, value, port, topic, replicationFactor, kafkaProperties);
        }

        public Settings withPort(final int value) {
            return new Settings(bootstrapServers, host, value, topic, replicationFactor, kafkaProperties);
        }

        public Settings withTopic(final String value) {
            return new Settings(bootstrapServers, host, port, value, replicationFactor, kafkaProperties);
        }

        public Settings withReplicationFactor(final short value) {
            return new Settings(bootstrapServers, host, port, topic, value, kafkaProperties);
        }

        public Settings withKafkaProperties(final Map<String, String> value) {
            return new Settings(bootstrapServers, host, port, topic, replicationFactor, value);
        }

        /** Names the Kafka properties without their values, which may hold credentials. */
        @Override
        public String toString() {
            return "Settings[bootstrapServers=" + bootstrapServers + ", host=" + host + ", port=" + port + ", topic="
                    + topic + ", replicationFactor=" + replicationFactor + ", kafkaProperties="
                    + new TreeMap<>(kafkaProperties).keySet() + "]";
        }
    }

    private SchemaRegistryServer(final HttpServer http, final ExecutorService executor, final AutoCloseable journal,
                                 final URI url) {
        this.http = http;
        this.executor = executor;
        this.journal = journal;
        this.url = url;
    }

    /**
     * Starts a server persisted in Kafka: provisions and reads the topic, then serves.
     *
     * @throws LocalStackException when the topic has another layout, Kafka cannot be reached in time, or the
     *                             port cannot be bound
     */
    public static SchemaRegistryServer start(final Settings settings) {
        Objects.requireNonNull(settings, "settings");
        final KafkaSchemaJournal journal;
        try {
            journal = KafkaSchemaJournal.open(settings.bootstrapServers(), settings.topic(),
                    settings.replicationFactor(), settings.kafkaProperties(), KAFKA_TIMEOUT);
        } catch (final LocalStackException e) {
            throw e;
        } catch (final RuntimeException e) {
            throw new LocalStackException("Cannot open the schemas topic " + settings.topic() + " on "
                    + settings.bootstrapServers() + ": " + e.getMessage(), e);
        }
        try {
            final InMemorySchemaRegistry registry = new InMemorySchemaRegistry("topic " + settings.topic(), journal);
            registry.catchUp();
            final SchemaRegistryServer server = serve(registry, settings.host(), settings.port(), journal);
            LOG.info("Schema registry listening on {} (schemas in topic {} at {}: {} subjects)", server.url(),
                    settings.topic(), settings.bootstrapServers(), registry.getAllSubjects().size());
            return server;
        } catch (final RuntimeException e) {
            journal.close();
            if (e instanceof LocalStackException) {
                throw e;
            }
            throw new LocalStackException("Cannot start the schema registry over topic " + settings.topic() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Serves an in-memory registry, without persistence: for tests and tools that need the REST API only.
     *
     * @param port 0 for a free one
     */
    public static SchemaRegistryServer serve(final InMemorySchemaRegistry registry, final String host, final int port) {
        final SchemaRegistryServer server = serve(registry, host, port, () -> { });
        LOG.info("Schema registry listening on {} (in memory, not persisted)", server.url());
        return server;
    }

    private static SchemaRegistryServer serve(final InMemorySchemaRegistry registry, final String host, final int port,
                                              final AutoCloseable journal) {
        final HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 0);
        } catch (final IOException e) {
            throw new LocalStackException("Cannot bind the schema registry to " + host + ":" + port + ": " + e, e);
        }
        final ExecutorService executor = Executors.newFixedThreadPool(HTTP_THREADS, runnable -> {
            final Thread thread = new Thread(runnable, "schema-registry-http-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        http.setExecutor(executor);
        http.createContext("/", new RegistryHttpApi(registry));
        http.start();
        final String hostPart = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return new SchemaRegistryServer(http, executor, journal,
                URI.create("http://" + hostPart + ":" + http.getAddress().getPort()));
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8081}: the value for {@code schema.registry.url}. */
    public URI url() {
        return url;
    }

    /** The bound port (the chosen one when started with port 0). */
    public int port() {
        return url.getPort();
    }

    /** Stops serving and closes the Kafka clients. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        http.stop(0);
        executor.shutdownNow();
        try {
            journal.close();
        } catch (final Exception e) {
            LOG.warn("Closing the schema registry's Kafka clients failed: {}", e.toString());
        }
        LOG.info("Schema registry at {} stopped", url);
    }
}
