package io.distill.app.http;

import io.distill.runtime.CommandLine;
import io.distill.runtime.ServiceMain;
import io.distill.runtime.StreamsService;
import io.distill.runtime.metrics.MetricsRegistration;
import io.distill.runtime.metrics.PrometheusRegistry;
import io.distill.schemas.DistillException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The HTTP edge as one service: a {@link RecommendationView} and the {@link EdgeServer} answering from it, with the
 * view's Kafka Streams metrics on the server's {@code /metrics}. Usable in-process (the CLI's demo, tests) or
 * through {@link #main}.
 *
 * <pre>{@code
 * PrometheusRegistry registry = PrometheusRegistry.withJvmMetrics();   // the process's one registry
 * try (EdgeApp edge = new EdgeApp(props, registry)) {
 *     edge.start();                                                  // fails naming a missing topic or busy port
 *     edge.server().addKafkaMetrics(ingest::metrics);                // other services of the same JVM
 *     edge.server().addHealthComponent("ingest", () -> ...);
 * }
 * }</pre>
 */
public final class EdgeApp implements StreamsService {
    /** The usage of {@link #main}. */
    public static final String USAGE = CommandLine.usage("distill-edge",
        "Serves the latest recommendations per user over HTTP, with /health and Prometheus /metrics.",
        "edge.*, topic.*, Kafka client, Kafka Streams, schema registry");

    private final EdgeConfig config;
    private final PrometheusRegistry registry;
    private final RecommendationView view;
    private MetricsRegistration viewMetrics;
    private volatile EdgeServer server;
    private boolean closed;

    /**
     * Parses and checks the configuration; connects to nothing, binds nothing.
     *
     * @param props    the process's settings
     * @param registry the process's metrics; the view's Kafka Streams metrics are added to it
     * @throws ConfigException naming the key of an invalid or missing setting
     */
    public EdgeApp(final Map<String, ?> props, final PrometheusRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.view = new RecommendationView(props);
        this.config = view.config();
    }

    /** An edge with a registry of its own, JVM metrics included. */
    public EdgeApp(final Map<String, ?> props) {
        this(props, PrometheusRegistry.withJvmMetrics());
    }

    /**
     * Serves HTTP, then loads the recommendations; {@code /health} and lookups answer 503 until the table is loaded.
     * Returns once the table is loaded: Kafka Streams' start waits for a global table's first load.
     *
     * @throws DistillException naming the {@code edge.http.*} keys when the port is busy, or the missing topic
     * @throws IllegalStateException when already started or closed
     */
    @Override
    public synchronized void start() {
        if (closed || server != null) {
            throw new IllegalStateException("the edge can be started once; it is " + (closed ? "closed" : "started"));
        }
        server = EdgeServer.start(config, view, registry);
        viewMetrics = registry.addKafkaMetrics(view::metrics);
        try {
            view.start();
        } catch (final RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The HTTP server: add metric sources and health components to it. */
    public EdgeServer server() {
        final EdgeServer current = server;
        if (current == null) {
            throw new IllegalStateException("the edge is not started");
        }
        return current;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
    public URI url() {
        return server().url();
    }

    public RecommendationView view() {
        return view;
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    public EdgeConfig config() {
        return config;
    }

    /**
     * Waits until recommendations can be served.
     *
     * @throws DistillException when the view stops, or is not queryable within {@code timeout}
     */
    public void awaitQueryable(final Duration timeout) {
        view.awaitQueryable(timeout);
    }

    @Override
    public KafkaStreams.State state() {
        return view.state();
    }

    @Override
    public boolean awaitTermination(final Duration timeout) throws InterruptedException {
        return view.awaitTermination(timeout);
    }

    /** Stops serving, then the view. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (viewMetrics != null) {
                viewMetrics.close();
            }
            view.close();
        }
    }

    /**
     * {@code [--config <file>] [--set key=value]... [--help]}: serves until the process is stopped. Exit codes as
     * {@link ServiceMain}.
     */
    public static void main(final String[] args) {
        System.exit(ServiceMain.run(args, System.getenv(), System.out, System.err, USAGE, "edge", EdgeApp::new));
    }
}
