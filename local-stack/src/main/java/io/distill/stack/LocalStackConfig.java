package io.distill.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Typed, validated configuration of the {@link LocalStack}. Every key has a default, so an empty map
 * gives the standard local stack: broker on {@code 127.0.0.1:9092}, controller on 9093, schema registry
 * on 8081, data under {@code ./.distill}. Errors name the offending key.
 */
public final class LocalStackConfig extends AbstractConfig {
    /** Directory holding the broker's configuration, storage and logs. */
    public static final String DIR_CONFIG = "local.stack.dir";
    private static final String DIR_DOC = "Directory of the local stack's data: broker storage, configuration and"
        + " logs (under kafka/). Kept across restarts, so topics and registered schemas survive.";
    /** Default of {@link #DIR_CONFIG}. */
    public static final String DIR_DEFAULT = "./.distill";

    /** The broker's client port. */
    public static final String KAFKA_PORT_CONFIG = "local.stack.kafka.port";
    private static final String KAFKA_PORT_DOC = "Client (PLAINTEXT) port of the local Kafka broker; 0 picks a free one.";

    /** The broker's KRaft controller port. */
    public static final String CONTROLLER_PORT_CONFIG = "local.stack.controller.port";
    private static final String CONTROLLER_PORT_DOC = "KRaft controller port of the local Kafka broker; 0 picks a"
        + " free one.";

    /** The schema registry's HTTP port. */
    public static final String REGISTRY_PORT_CONFIG = "local.stack.registry.port";
    private static final String REGISTRY_PORT_DOC = "HTTP port of the local schema registry; 0 picks a free one.";
    /** Default of {@link #REGISTRY_PORT_CONFIG}, Confluent's. */
    public static final int REGISTRY_PORT_DEFAULT = 8081;

    /** The topic the schema registry keeps its schemas in. */
    public static final String REGISTRY_TOPIC_CONFIG = "local.stack.registry.topic";
    private static final String REGISTRY_TOPIC_DOC = "Compacted topic the local schema registry stores schemas in.";
    /** Default of {@link #REGISTRY_TOPIC_CONFIG}, Confluent's. */
    public static final String REGISTRY_TOPIC_DEFAULT = "_schemas";

    /** The loopback host all listeners bind to. */
    public static final String HOST_CONFIG = "local.stack.host";
    private static final String HOST_DOC = "Host every local-stack listener binds to and advertises. Must be a"
        + " loopback address (127.0.0.1, ::1, localhost): the local stack has no security and never listens on"
        + " other interfaces.";

    /** How long to wait for the broker to answer after launching it. */
    public static final String STARTUP_TIMEOUT_MS_CONFIG = "local.stack.startup.timeout.ms";
    private static final String STARTUP_TIMEOUT_MS_DOC = "How long to wait for the local broker to answer after"
        + " launching it, in milliseconds.";

    private static final ConfigDef CONFIG = new ConfigDef()
        .define(DIR_CONFIG, Type.STRING, DIR_DEFAULT, new ConfigDef.NonEmptyString(), Importance.HIGH, DIR_DOC)
        .define(KAFKA_PORT_CONFIG, Type.INT, KafkaBroker.DEFAULT_PORT, Range.between(0, 65_535), Importance.HIGH,
            KAFKA_PORT_DOC)
        .define(CONTROLLER_PORT_CONFIG, Type.INT, KafkaBroker.DEFAULT_CONTROLLER_PORT, Range.between(0, 65_535),
            Importance.MEDIUM, CONTROLLER_PORT_DOC)
        .define(REGISTRY_PORT_CONFIG, Type.INT, REGISTRY_PORT_DEFAULT, Range.between(0, 65_535), Importance.HIGH,
            REGISTRY_PORT_DOC)
        .define(REGISTRY_TOPIC_CONFIG, Type.STRING, REGISTRY_TOPIC_DEFAULT, new ConfigDef.NonEmptyString(),
            Importance.LOW, REGISTRY_TOPIC_DOC)
        .define(HOST_CONFIG, Type.STRING, Loopback.DEFAULT_HOST, new LoopbackValidator(), Importance.MEDIUM, HOST_DOC)
        .define(STARTUP_TIMEOUT_MS_CONFIG, Type.LONG, KafkaBroker.DEFAULT_STARTUP_TIMEOUT.toMillis(), Range.atLeast(1),
            Importance.LOW, STARTUP_TIMEOUT_MS_DOC);

    private final Path dir;
    private final String host;
    private final int kafkaPort;
    private final int controllerPort;
    private final int registryPort;
    private final String registryTopic;
    private final Duration startupTimeout;

    /**
     * Parses and validates {@code props}.
     *
     * @throws ConfigException naming the key of the first invalid value
     */
    public LocalStackConfig(final Map<?, ?> props) {
        super(CONFIG, props, false);
        this.dir = Path.of(getString(DIR_CONFIG));
        this.host = getString(HOST_CONFIG).trim();
        this.kafkaPort = getInt(KAFKA_PORT_CONFIG);
        this.controllerPort = getInt(CONTROLLER_PORT_CONFIG);
        this.registryPort = getInt(REGISTRY_PORT_CONFIG);
        this.registryTopic = getString(REGISTRY_TOPIC_CONFIG);
        this.startupTimeout = Duration.ofMillis(getLong(STARTUP_TIMEOUT_MS_CONFIG));
        requireDistinct(KAFKA_PORT_CONFIG, kafkaPort, CONTROLLER_PORT_CONFIG, controllerPort);
        requireDistinct(KAFKA_PORT_CONFIG, kafkaPort, REGISTRY_PORT_CONFIG, registryPort);
        requireDistinct(CONTROLLER_PORT_CONFIG, controllerPort, REGISTRY_PORT_CONFIG, registryPort);
    }

    /** The standard local stack (every key at its default). */
    public static LocalStackConfig defaults() {
        return new LocalStackConfig(Map.of());
    }

    /** A copy of the definition of every key, e.g. for generated documentation. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    /** {@value #DIR_CONFIG}. */
    public Path dir() {
        return dir;
    }

    /** {@value #HOST_CONFIG}. */
    public String host() {
        return host;
    }

    /** {@value #KAFKA_PORT_CONFIG}. */
    public int kafkaPort() {
        return kafkaPort;
    }

    /** {@value #CONTROLLER_PORT_CONFIG}. */
    public int controllerPort() {
        return controllerPort;
    }

    /** {@value #REGISTRY_PORT_CONFIG}. */
    public int registryPort() {
        return registryPort;
    }

    /**
     * The setting of the first fixed port (broker, controller, registry; 0 = pick a free one is never busy) that
     * something already listens on, so that a command can fail in a second naming it instead of after start-up.
     */
    public Optional<String> firstPortInUse() {
        final Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put(KAFKA_PORT_CONFIG, kafkaPort);
        ports.put(CONTROLLER_PORT_CONFIG, controllerPort);
        ports.put(REGISTRY_PORT_CONFIG, registryPort);
        for (final Map.Entry<String, Integer> port : ports.entrySet()) {
            if (port.getValue() != 0 && !Loopback.isPortFree(host, port.getValue())) {
                return Optional.of(port.getKey());
            }
        }
        return Optional.empty();
    }

    /** The port a {@link #firstPortInUse()} key names. */
    public int port(final String key) {
        return switch (key) {
            case KAFKA_PORT_CONFIG -> kafkaPort;
            case CONTROLLER_PORT_CONFIG -> controllerPort;
            case REGISTRY_PORT_CONFIG -> registryPort;
            default -> throw new IllegalArgumentException("not a port setting: " + key);
        };
    }

    /** {@value #REGISTRY_TOPIC_CONFIG}. */
    public String registryTopic() {
        return registryTopic;
    }

    /** {@value #STARTUP_TIMEOUT_MS_CONFIG}. */
    public Duration startupTimeout() {
        return startupTimeout;
    }

    /** The broker's directory inside {@link #dir()}. */
    public Path kafkaDir() {
        return dir.resolve("kafka");
    }

    /** The broker settings this configuration implies (other broker settings at their defaults). */
    public KafkaBroker.Settings brokerSettings() {
        return KafkaBroker.Settings.defaults(kafkaDir()).withHost(host).withPorts(kafkaPort, controllerPort)
            .withStartupTimeout(startupTimeout);
    }

    private static void requireDistinct(final String key, final int port, final String otherKey, final int otherPort) {
        if (port != 0 && port == otherPort) {
            throw new ConfigException(key, port, "is also the value of " + otherKey + "; the ports must differ");
        }
    }

    /** Accepts only hosts all of whose addresses are loopback. */
    static final class LoopbackValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(final String name, final Object value) {
            if (!(value instanceof String) || !Loopback.isLoopback((String) value)) {
                throw new ConfigException(name, value, "must be a loopback address (127.0.0.1, ::1 or localhost);"
                    + " the local stack has no security and never listens on other interfaces");
            }
        }

        @Override
        public String toString() {
            return "a loopback address (127.0.0.1, ::1, localhost)";
        }
    }
}
