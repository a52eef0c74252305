package io.distill.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private static MetricsConfig ephemeral() {
        return new MetricsConfig(Map.of(MetricsConfig.PORT, "0"));
    }

    private HttpResponse<String> send(final HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheRegistryAtMetricsInTheTextFormat() throws Exception {
        final PrometheusRegistry registry = new PrometheusRegistry();
        final Counter events = registry.counter("distill_events_total", "Events.");
        try (MetricsServer server = MetricsServer.start(ephemeral(), registry)) {
            events.inc();
            final URI url = server.url().orElseThrow();
            assertThat(url.getPath()).isEqualTo("/metrics");

            final HttpResponse<String> response = send(HttpRequest.newBuilder(url));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
            assertThat(response.body()).isEqualTo("# HELP distill_events_total Events.\n# TYPE distill_events_total counter\n"
                + "distill_events_total 1\n");

            events.inc();
            assertThat(ExpositionFormat.parse(send(HttpRequest.newBuilder(url)).body()).named("distill_events_total"))
                .singleElement().extracting(ExpositionFormat.Sample::value).isEqualTo(2.0);
        }
    }

    @Test
    void otherPathsAre404AndOtherMethods405() throws Exception {
        try (MetricsServer server = MetricsServer.start(ephemeral(), PrometheusRegistry.withJvmMetrics())) {
            final URI url = server.url().orElseThrow();

            assertThat(send(HttpRequest.newBuilder(url.resolve("/"))).statusCode()).isEqualTo(404);
            assertThat(send(HttpRequest.newBuilder(url.resolve("/metrics/extra"))).statusCode()).isEqualTo(404);
            final HttpResponse<String> post = send(HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofString("x")));
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).contains("GET");
        }
    }

    @Test
    void bindsToLoopbackOnlyByDefault() throws Exception {
        try (MetricsServer server = MetricsServer.start(ephemeral(), new PrometheusRegistry())) {
            final InetSocketAddress bound = server.address().orElseThrow();
            assertThat(bound.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(server.url().orElseThrow().getHost()).isEqualTo("127.0.0.1");
            final Optional<InetAddress> external = nonLoopbackAddress();
            if (external.isPresent()) {
                assertThat(connects(new InetSocketAddress(external.get(), server.port())))
                    .as("reachable through %s", external.get()).isFalse();
            }
            assertThat(connects(bound)).isTrue();
        }
    }

    @Test
    void portMinusOneServesNothing() {
        try (MetricsServer server = MetricsServer.start(new MetricsConfig(Map.of()), new PrometheusRegistry())) {
            assertThat(server.url()).isEmpty();
            assertThat(server.address()).isEmpty();
            assertThat(server.port()).isEqualTo(-1);
        }
    }

    @Test
    void aPortInUseFailsNamingTheKeys() {
        try (MetricsServer first = MetricsServer.start(ephemeral(), new PrometheusRegistry())) {
            final MetricsConfig same = new MetricsConfig(Map.of(MetricsConfig.PORT, String.valueOf(first.port())));
            assertThatThrownBy(() -> MetricsServer.start(same, new PrometheusRegistry()))
                .isInstanceOf(DistillException.class).hasMessageContaining(MetricsConfig.PORT)
                .hasMessageContaining(String.valueOf(first.port()));
        }
    }

    /** An IPv4 address of this machine that is not loopback, if it has one. */
    static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
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

    static boolean connects(final InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) TIMEOUT.toMillis());
            return true;
        } catch (final IOException e) {
            return false;
        }
    }
}
