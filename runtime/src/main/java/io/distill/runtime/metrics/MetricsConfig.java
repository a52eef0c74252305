package io.distill.runtime.metrics;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Where a process serves its Prometheus metrics ({@link MetricsServer}): {@code metrics.host} and
 * {@code metrics.port}, parsed and validated once; an invalid value fails with a {@link ConfigException} naming
 * the key. Unknown keys are ignored, so one configuration file serves every process. Each process chooses its
 * default port ({@link #MetricsConfig(Map, int)}): processes sharing a machine need different ones. Immutable.
 */
public final class MetricsConfig {
    /** The address the metrics endpoint binds to. */
    public static final String HOST = "metrics.host";
    /** The port of the metrics endpoint; 0 picks a free one, -1 serves no metrics. */
    public static final String PORT = "metrics.port";

    /** Loopback only: a scraper on another machine needs {@code metrics.host=0.0.0.0} (or an interface's address). */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The {@code metrics.port} that serves nothing. */
    public static final int DISABLED = -1;
    /** The {@code metrics.port} that binds a free port (logged, and read back from {@link MetricsServer#port()}). */
    public static final int EPHEMERAL = 0;
    private static final int MAX_PORT = 65_535;

    /** The keys with {@code metrics.port} defaulting to {@link #DISABLED}. */
    public static final ConfigDef CONFIG = define(new ConfigDef(), DISABLED);

    private final String host;
    private final int port;

    /**
     * Reads the keys with {@code metrics.port} defaulting to {@link #DISABLED}.
     *
     * @throws ConfigException naming the key of an invalid value
     */
    public MetricsConfig(final Map<?, ?> props) {
        this(props, DISABLED);
    }

    /**
     * Reads the keys with the process's own default port.
     *
     * @param defaultPort the port when {@code metrics.port} is absent: -1 (disabled), 0 (free port) or 1..65535
     * @throws ConfigException naming the key of an invalid value
     */
    public MetricsConfig(final Map<?, ?> props, final int defaultPort) {
        final AbstractConfig config = new AbstractConfig(define(new ConfigDef(), defaultPort), props, false);
        this.host = config.getString(HOST).strip();
        this.port = config.getInt(PORT);
    }

    /**
     * Adds the metrics keys to {@code def}, for a process's own config class.
     *
     * @throws IllegalArgumentException if {@code defaultPort} is not -1..65535
     */
    public static ConfigDef define(final ConfigDef def, final int defaultPort) {
        if (defaultPort < DISABLED || defaultPort > MAX_PORT) {
            throw new IllegalArgumentException("default metrics port must be -1..65535, got " + defaultPort);
        }
        return def
            .define(HOST, Type.STRING, DEFAULT_HOST, new ConfigDef.NonEmptyStringWithoutControlChars(), Importance.MEDIUM,
                "Address the Prometheus metrics endpoint (GET /metrics) binds to. The default, loopback, is reachable from "
                    + "this machine only; use 0.0.0.0 for every interface.")
            .define(PORT, Type.INT, defaultPort, Range.between(DISABLED, MAX_PORT), Importance.MEDIUM,
                "Port of the Prometheus metrics endpoint (GET /metrics); 0 picks a free port, -1 serves no metrics.");
    }

    /** The address to bind. */
    public String host() {
        return host;
    }

    /** The port: {@link #DISABLED}, {@link #EPHEMERAL} or a fixed port. */
    public int port() {
        return port;
    }

    /** False when {@code metrics.port} is -1. */
    public boolean enabled() {
        return port != DISABLED;
    }

    @Override
    public String toString() {
        return enabled() ? host + ":" + port : "disabled";
    }
}
