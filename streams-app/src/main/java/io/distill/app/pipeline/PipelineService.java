package io.distill.app.pipeline;

import io.distill.app.http.ComponentHealth;
import io.distill.runtime.metrics.MetricsRegistration;
import io.distill.runtime.metrics.PrometheusRegistry;
import java.time.Duration;
import java.util.Optional;

/**
 * One distill service (ingest, teacher, student or edge) run in this JVM, behind one lifecycle: built from the
 * settings (which are checked then), started once, watched, closed. {@link Pipeline} runs several side by side;
 * the {@code distill ingest|teacher|student|edge} commands run one each.
 */
public interface PipelineService extends AutoCloseable {

    /** What runs: {@code ingest}, {@code teacher}, {@code student} or {@code edge}. */
    String name();

    /**
     * Starts processing; returns once the service is starting (the edge: once its table is loaded).
     *
     * @throws io.distill.schemas.DistillException naming missing topics or a busy port
     */
    void start();

    /** Whether it can do its job now, for {@code GET /health}. */
    ComponentHealth health();

    /** Why the service stopped on its own (an error, fenced by another instance); empty while it runs or once closed. */
    Optional<String> failure();

    /**
     * Waits until the service has stopped (closed, or stopped on its own).
     *
     * @return false if it is still running after {@code timeout}
     */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /** Adds the service's metrics to {@code registry}; closing the registration removes them. */
    MetricsRegistration registerMetrics(PrometheusRegistry registry);

    /** Stops the service and releases what it holds. Idempotent. */
    @Override
    void close();
}
