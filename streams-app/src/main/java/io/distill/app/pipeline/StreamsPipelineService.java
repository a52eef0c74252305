package io.distill.app.pipeline;

import io.distill.app.http.ComponentHealth;
import io.distill.runtime.StreamsService;
import io.distill.runtime.metrics.MetricsRegistration;
import io.distill.runtime.metrics.PrometheusRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;

/**
 * A Kafka Streams service (ingest, student, edge) as a {@link PipelineService}: up while Kafka Streams is running
 * or rebalancing, failed when it reaches {@code ERROR} or stops without being closed.
 */
final class StreamsPipelineService implements PipelineService {
    private final String name;
    private final StreamsService service;
    private final Function<PrometheusRegistry, MetricsRegistration> metrics;
    private volatile boolean started;
    private volatile boolean closed;

    /**
     * @param name    what runs
     * @param service the service, built (its settings checked) but not started
     * @param metrics adds the service's metrics to a registry
     */
    StreamsPipelineService(final String name, final StreamsService service,
                           final Function<PrometheusRegistry, MetricsRegistration> metrics) {
        this.name = Objects.requireNonNull(name, "name");
        this.service = Objects.requireNonNull(service, "service");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() {
        service.start();
        started = true;
    }

    @Override
    public ComponentHealth health() {
        final KafkaStreams.State state = service.state();
        if (state.isRunningOrRebalancing()) {
            return ComponentHealth.up(state.name());
        }
        return ComponentHealth.down(state.name(), failure().orElse("the " + name + " is not running"));
    }

    @Override
    public Optional<String> failure() {
        if (!started || closed) {
            return Optional.empty();
        }
        final KafkaStreams.State state = service.state();
        if (state == KafkaStreams.State.ERROR) {
            return Optional.of("the " + name + " stopped after an error (Kafka Streams state ERROR; the log says why)");
        }
        if (state == KafkaStreams.State.PENDING_SHUTDOWN || state == KafkaStreams.State.NOT_RUNNING
            || state == KafkaStreams.State.PENDING_ERROR) {
            return Optional.of("the " + name + " stopped (Kafka Streams state " + state + ")");
        }
        return Optional.empty();
    }

    @Override
    public boolean awaitTermination(final Duration timeout) throws InterruptedException {
        return service.awaitTermination(timeout);
    }

    @Override
    public MetricsRegistration registerMetrics(final PrometheusRegistry registry) {
        return metrics.apply(registry);
    }

    @Override
    public void close() {
        closed = true;
        service.close();
    }
}
