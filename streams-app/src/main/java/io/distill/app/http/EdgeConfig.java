package io.distill.app.http;

import io.distill.schemas.topics.TopicNames;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The HTTP edge's own settings ({@code edge.*} and the {@code topic.*} names), parsed and validated once: an invalid
 * value fails with a {@link ConfigException} naming the key. Kafka Streams, client and schema-registry settings are
 * not here; they pass through untouched ({@link io.distill.runtime.ClientSettings}). Unknown keys are ignored, so
 * one configuration file serves every distill process. Immutable.
 */
public final class EdgeConfig {
    /** The address the HTTP edge binds to. */
    public static final String HTTP_HOST = "edge.http.host";
    /** The port of the HTTP edge; 0 picks a free one. */
    public static final String HTTP_PORT = "edge.http.port";
    /** Threads answering HTTP requests. */
    public static final String HTTP_THREADS = "edge.http.threads";
    /** Kafka Streams {@code application.id} of the recommendation view. */
    public static final String APPLICATION_ID = "edge.application.id";

    /** Loopback: the local stack is reachable from this machine only. */
    public static final String DEFAULT_HTTP_HOST = "127.0.0.1";
    /** The port DESIGN.md gives the edge. */
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final int DEFAULT_HTTP_THREADS = 4;
    public static final String DEFAULT_APPLICATION_ID = "distill-edge";
    private static final int MAX_HTTP_THREADS = 256;

    /** Every key of the edge, with type, default, validator and documentation. */
    public static final ConfigDef CONFIG = TopicNames.define(new ConfigDef())
        .define(HTTP_HOST, Type.STRING, DEFAULT_HTTP_HOST, new ConfigDef.NonEmptyStringWithoutControlChars(), Importance.HIGH,
            "Address the HTTP edge binds to (recommendations, /health, /metrics). The default, loopback, is reachable "
                + "from this machine only; use 0.0.0.0 for every interface.")
        .define(HTTP_PORT, Type.INT, DEFAULT_HTTP_PORT, Range.between(0, 65_535), Importance.HIGH,
            "Port of the HTTP edge; 0 picks a free port (logged).")
        .define(HTTP_THREADS, Type.INT, DEFAULT_HTTP_THREADS, Range.between(1, MAX_HTTP_THREADS), Importance.LOW,
            "Threads answering HTTP requests. A lookup is a local key-value read, so a few suffice.")
        .define(APPLICATION_ID, Type.STRING, DEFAULT_APPLICATION_ID, new ConfigDef.NonEmptyStringWithoutControlChars(),
            Importance.MEDIUM, "Kafka Streams application.id of the edge's recommendation view: names its client ids and "
                + "its directory under state.dir. Two edges on one machine need different state.dir values (or ids).");

    private final String httpHost;
    private final int httpPort;
    private final int httpThreads;
    private final String applicationId;
    private final TopicNames topics;

    /**
     * @param props the process's configuration (unknown keys ignored)
     * @throws ConfigException naming the key of the first invalid value
     */
    public EdgeConfig(final Map<?, ?> props) {
        final AbstractConfig config = new AbstractConfig(CONFIG, props, false);
        this.httpHost = config.getString(HTTP_HOST).strip();
        this.httpPort = config.getInt(HTTP_PORT);
        this.httpThreads = config.getInt(HTTP_THREADS);
        this.applicationId = config.getString(APPLICATION_ID).strip();
        this.topics = TopicNames.from(props);
    }

    /** The configuration with every key at its default. */
    public static EdgeConfig defaults() {
        return new EdgeConfig(Map.of());
    }

    public String httpHost() {
        return httpHost;
    }

    /** The HTTP port; 0 for a free one. */
    public int httpPort() {
        return httpPort;
    }

    public int httpThreads() {
        return httpThreads;
    }

    public String applicationId() {
        return applicationId;
    }

    public TopicNames topics() {
        return topics;
    }
}
