package io.distill.runtime.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.distill.schemas.DistillException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link PrometheusRegistry} over HTTP with the JDK's {@link HttpServer}: {@code GET /metrics} answers 200
 * with {@link PrometheusText#CONTENT_TYPE}; another method on it 405, any other path 404. One daemon thread: a
 * scrape is cheap and scrapers are few. Bound to {@link MetricsConfig#host()} only (loopback by default).
 *
 * <pre>{@code
 * try (MetricsServer server = MetricsServer.start(new MetricsConfig(props, 9401), registry)) {
 *     ... run the worker; server.url() is empty when metrics.port=-1
 * }
 * }</pre>
 */
public final class MetricsServer implements AutoCloseable {
    /** The path metrics are served on. */
    public static final String PATH = "/metrics";

    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    private static final byte[] NOT_FOUND = "not found; metrics are at /metrics\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOT_ALLOWED = "method not allowed; use GET\n".getBytes(StandardCharsets.UTF_8);
    private static final String TEXT = "text/plain; charset=utf-8";

    private final HttpServer http;
    private final ExecutorService executor;
    private final URI url;
    private boolean closed;

    private MetricsServer(final HttpServer http, final ExecutorService executor, final URI url) {
        this.http = http;
        this.executor = executor;
        this.url = url;
    }

    /**
     * Starts serving, unless {@code metrics.port} is -1: then the returned server serves nothing and its
     * {@link #url()} is empty, so callers need no special case.
     *
     * @throws DistillException naming the address and the {@code metrics.*} keys when the port cannot be bound
     */
    public static MetricsServer start(final MetricsConfig config, final PrometheusRegistry registry) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(registry, "registry");
        if (!config.enabled()) {
            LOG.info("Prometheus metrics not served ({}={})", MetricsConfig.PORT, MetricsConfig.DISABLED);
            return new MetricsServer(null, null, null);
        }
        final HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(config.host()), config.port()), 0);
        } catch (final IOException e) {
            throw new DistillException("cannot serve metrics on " + config.host() + ":" + config.port() + " (" + MetricsConfig.HOST
                + ", " + MetricsConfig.PORT + "): " + e, e);
        }
        final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            final Thread thread = new Thread(runnable, "distill-metrics-http");
            thread.setDaemon(true);
            return thread;
        });
        http.setExecutor(executor);
        http.createContext("/", exchange -> handle(exchange, registry));
        http.start();
        final InetSocketAddress bound = http.getAddress();
        final String host = bound.getAddress().getHostAddress();
        final URI url = URI.create("http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + bound.getPort() + PATH);
        LOG.info("Serving Prometheus metrics on {}", url);
        return new MetricsServer(http, executor, url);
    }

    private static void handle(final HttpExchange exchange, final PrometheusRegistry registry) throws IOException {
        try (exchange) {
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                respond(exchange, 404, TEXT, NOT_FOUND);
            } else if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                respond(exchange, 405, TEXT, NOT_ALLOWED);
            } else {
                respond(exchange, 200, PrometheusText.CONTENT_TYPE, registry.scrape().getBytes(StandardCharsets.UTF_8));
            }
        } catch (final IOException | RuntimeException e) {
            LOG.debug("Metrics request failed", e);
            throw e;
        }
    }

    private static void respond(final HttpExchange exchange, final int status, final String contentType, final byte[] body)
        throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The metrics URL, e.g. {@code http://127.0.0.1:9401/metrics}; empty when disabled. */
    public Optional<URI> url() {
        return Optional.ofNullable(url);
    }

    /** The bound address (the chosen port when started with port 0); empty when disabled. */
    public Optional<InetSocketAddress> address() {
        return http == null ? Optional.empty() : Optional.of(http.getAddress());
    }

    /** The bound port, or -1 when disabled. */
    public int port() {
        return http == null ? MetricsConfig.DISABLED : http.getAddress().getPort();
    }

    /** Stops serving (requests in flight are cut short). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed || http == null) {
            closed = true;
            return;
        }
        closed = true;
        http.stop(0);
        executor.shutdownNow();
        LOG.info("Stopped serving metrics on {}", url);
    }
}
