package io.distill.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.runtime.metrics.PrometheusRegistry;
import io.distill.schemas.DistillException;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

/** The edge's HTTP server over a fake store: sockets, headers and binding, without Kafka. */
class EdgeServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final FakeStore store = new FakeStore().put(Recommendations.of("u1", "mf-1", "e1", "item-a", "item-b"));

    /** Defaults except a free port, so the default host is what is bound. */
    private static EdgeConfig ephemeral() {
        return new EdgeConfig(Map.of(EdgeConfig.HTTP_PORT, "0"));
    }

    private HttpResponse<String> get(final URI uri) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersOverHttpWithStatusContentTypeAndBody() throws Exception {
        try (EdgeServer server = EdgeServer.start(ephemeral(), store, new PrometheusRegistry())) {
            final HttpResponse<String> found = get(server.url().resolve("/users/u1/recommendations?n=1"));
            assertThat(found.statusCode()).isEqualTo(200);
            assertThat(found.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
            assertThat(found.body()).startsWith("{\"userId\":\"u1\",\"items\":[{\"itemId\":\"item-a\",\"score\":0.5}],");

            final HttpResponse<String> missing = get(server.url().resolve("/users/u%C3%A9/recommendations"));
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).isEqualTo("{\"error\":\"no recommendations for user 'u\u00e9'\"}");

            final HttpResponse<String> delete = client.send(HttpRequest.newBuilder(server.url().resolve("/users/u1/recommendations"))
                .DELETE().timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(delete.statusCode()).isEqualTo(405);
            assertThat(delete.headers().firstValue("Allow")).contains("GET");

            store.failWith(new RecommendationStore.Unavailable("loading"));
            final HttpResponse<String> unavailable = get(server.url().resolve("/users/u1/recommendations"));
            assertThat(unavailable.statusCode()).isEqualTo(503);
            assertThat(unavailable.headers().firstValue("Retry-After")).contains("1");
            assertThat(get(server.url().resolve("/health")).statusCode()).isEqualTo(503);
        }
    }

    @Test
    void metricsServesTheProcessRegistryAndAddedSources() throws Exception {
        final MetricName polls = new MetricName("poll-total", "consumer-metrics", "Polls", new LinkedHashMap<>(Map.of("client-id", "c1")));
        final Map<MetricName, Metric> ingest = Map.of(polls, new Metric() {
            @Override
            public MetricName metricName() {
                return polls;
            }

            @Override
            public Object metricValue() {
                return 3.0;
            }
        });
        try (EdgeServer server = EdgeServer.start(ephemeral(), store, PrometheusRegistry.withJvmMetrics())) {
            server.addKafkaMetrics(() -> ingest);
            server.addMetricSource(sink -> sink.sample("distill_student_events_total", io.distill.runtime.metrics.MetricType.COUNTER,
                "Events.", Map.of(), 9));

            final HttpResponse<String> response = get(server.url().resolve("/metrics"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
            final ExpositionFormat.Parsed parsed = ExpositionFormat.parse(response.body());
            assertThat(parsed.named("kafka_consumer_metrics_poll_total"))
                .containsExactly(new ExpositionFormat.Sample("kafka_consumer_metrics_poll_total", Map.of("client_id", "c1"), 3));
            assertThat(parsed.named("distill_student_events_total")).hasSize(1);
            assertThat(parsed.named("jvm_memory_used_bytes")).hasSize(2);
        }
    }

    @Test
    void bindsToLoopbackOnlyByDefault() throws Exception {
        try (EdgeServer server = EdgeServer.start(ephemeral(), store, new PrometheusRegistry())) {
            assertThat(server.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(server.url()).isEqualTo(URI.create("http://127.0.0.1:" + server.port()));
            final Optional<InetAddress> external = nonLoopbackAddress();
            if (external.isPresent()) {
                assertThat(connects(new InetSocketAddress(external.get(), server.port())))
                    .as("reachable through %s", external.get()).isFalse();
            }
            assertThat(connects(server.address())).isTrue();
        }
    }

    @Test
    void aBusyPortFailsNamingTheKeysAndLeavesTheRegistryClean() {
        final PrometheusRegistry registry = new PrometheusRegistry();
        try (EdgeServer first = EdgeServer.start(ephemeral(), store, registry)) {
            final EdgeConfig same = new EdgeConfig(Map.of(EdgeConfig.HTTP_PORT, String.valueOf(first.port())));
            assertThatThrownBy(() -> EdgeServer.start(same, store, new PrometheusRegistry()))
                .isInstanceOf(DistillException.class).hasMessageContaining(EdgeConfig.HTTP_PORT)
                .hasMessageContaining(String.valueOf(first.port()));
        }
        // the first server's request counters left with it: another edge can use the same registry
        try (EdgeServer second = EdgeServer.start(ephemeral(), store, registry)) {
            assertThat(second.port()).isPositive();
        }
    }

    /** An IPv4 address of this machine that is not loopback, if it has one. */
    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        for (final NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (final InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                        return Optional.of(address);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean connects(final InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) TIMEOUT.toMillis());
            return true;
        } catch (final IOException e) {
            return false;
        }
    }
}
