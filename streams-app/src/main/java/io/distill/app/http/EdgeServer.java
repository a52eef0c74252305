package io.distill.app.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.distill.runtime.metrics.MetricSource;
import io.distill.runtime.metrics.MetricsRegistration;
import io.distill.runtime.metrics.PrometheusRegistry;
import io.distill.schemas.DistillException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP edge: the JDK's {@link HttpServer}, bound to {@link EdgeConfig#httpHost()} only (loopback by default),
 * answering
 *
 * <ul>
 *   <li>{@code GET /users/{userId}/recommendations[?n=K]}: 200 {@code {"userId","items":[{"itemId","score"}],
 *       "modelVersion","sourceEventId","eventTimestamp","generatedAt"}} (ISO-8601 timestamps, items best first, the
 *       first K when {@code n} is given); 404 {@code {"error":"no recommendations for user 'x'"}}; 400 for a malformed
 *       path or {@code n}; 503 (with {@code Retry-After}) while the store is not queryable; the userId is
 *       URL-decoded ({@code %2F} is a slash inside the id);</li>
 *   <li>{@code GET /health}: 200 {@code {"status":"UP","components":{...}}} when every component is up, 503 with
 *       {@code "DOWN"} otherwise; the store is component {@code recommendations}, more are added with
 *       {@link #addHealthComponent};</li>
 *   <li>{@code GET /metrics}: the Prometheus text of {@link #registry()}, to which the process adds its sources
 *       ({@link #addKafkaMetrics}, {@link #addMetricSource}, or the registry's own methods);</li>
 *   <li>405 (with {@code Allow: GET}) for another method, 404 for another path.</li>
 * </ul>
 *
 * Nothing is logged per request above DEBUG; {@code distill_edge_requests_total{endpoint,code}} counts answers.
 */
public final class EdgeServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeServer.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final HttpServer http;
    private final ExecutorService executor;
    private final EdgeRoutes routes;
    private final PrometheusRegistry registry;
    private final URI url;
    private boolean closed;

    private EdgeServer(final HttpServer http, final ExecutorService executor, final EdgeRoutes routes,
                       final PrometheusRegistry registry, final URI url) {
        this.http = http;
        this.executor = executor;
        this.routes = routes;
        this.registry = registry;
        this.url = url;
    }

    /**
     * Binds {@code edge.http.host}:{@code edge.http.port} and serves; answers 503 until {@code store} is queryable.
     *
     * @param registry the process's metrics, served on {@code /metrics}; the edge adds its request counters to it
     * @throws DistillException naming the address and the {@code edge.http.*} keys when it cannot be bound
     */
    public static EdgeServer start(final EdgeConfig config, final RecommendationStore store, final PrometheusRegistry registry) {
        Objects.requireNonNull(config, "config");
        final EdgeRoutes routes = new EdgeRoutes(store, registry);
        final HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(config.httpHost()), config.httpPort()), 0);
        } catch (final IOException e) {
            routes.close();
            throw new DistillException("cannot serve HTTP on " + config.httpHost() + ":" + config.httpPort() + " ("
                + EdgeConfig.HTTP_HOST + ", " + EdgeConfig.HTTP_PORT + "): " + e, e);
        }
        final ExecutorService executor = Executors.newFixedThreadPool(config.httpThreads(), runnable -> {
            final Thread thread = new Thread(runnable, "distill-edge-http-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        http.setExecutor(executor);
        http.createContext("/", exchange -> handle(exchange, routes));
        http.start();
        final InetSocketAddress bound = http.getAddress();
        final String host = bound.getAddress().getHostAddress();
        final URI url = URI.create("http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + bound.getPort());
        LOG.info("HTTP edge listening on {} (recommendations at {}/users/{userId}/recommendations, /health, /metrics)", url, url);
        return new EdgeServer(http, executor, routes, registry, url);
    }

    private static void handle(final HttpExchange exchange, final EdgeRoutes routes) {
        try (exchange) {
            final URI uri = exchange.getRequestURI();
            final EdgeResponse response = routes.handle(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery());
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            for (final Map.Entry<String, String> header : response.headers().entrySet()) {
                exchange.getResponseHeaders().set(header.getKey(), header.getValue());
            }
            exchange.sendResponseHeaders(response.status(), response.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
            LOG.debug("{} {} -> {}", exchange.getRequestMethod(), uri, response.status());
        } catch (final IOException e) {
            // the client went away mid-answer; nothing to tell it
            LOG.debug("Could not answer {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
        }
    }

    /** The process's metrics served on {@code /metrics}; add sources to it. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /**
     * Serves a Kafka client's or Kafka Streams' metrics on {@code /metrics} too, e.g. the ingest of the same JVM:
     * {@code edge.addKafkaMetrics(ingest::metrics)}.
     */
    public MetricsRegistration addKafkaMetrics(final Supplier<? extends Map<MetricName, ? extends Metric>> metrics) {
        return registry.addKafkaMetrics(metrics);
    }

    /** Serves any other metric source on {@code /metrics} too. */
    public MetricsRegistration addMetricSource(final MetricSource source) {
        return registry.add(source);
    }

    /**
     * Reports one more component on {@code /health} (e.g. the ingest of the same JVM); {@code /health} is 503 while
     * any component is down. The same name again replaces it.
     *
     * @throws IllegalArgumentException for the name {@code recommendations}, the edge's own store
     */
    public void addHealthComponent(final String name, final Supplier<ComponentHealth> health) {
        routes.addHealthComponent(name, health);
    }

    /** Stops reporting a component added by {@link #addHealthComponent}. */
    public void removeHealthComponent(final String name) {
        routes.removeHealthComponent(name);
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
    public URI url() {
        return url;
    }

    /** The bound address (the chosen port when started with port 0). */
    public InetSocketAddress address() {
        return http.getAddress();
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** Stops serving (requests in flight are cut short) and removes the request counters. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        http.stop(0);
        executor.shutdownNow();
        routes.close();
        LOG.info("HTTP edge on {} stopped", url);
    }
}
