package io.distill.app.cli;

import io.distill.app.Distill;
import io.distill.app.pipeline.Pipeline;
import io.distill.app.pipeline.PipelineService;
import io.distill.runtime.metrics.MetricsConfig;
import io.distill.runtime.metrics.MetricsServer;
import io.distill.runtime.metrics.PrometheusRegistry;
import io.distill.schemas.DistillException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What {@code distill ingest|teacher|student|edge} share: one service from the merged settings in the foreground,
 * its Prometheus metrics served by a {@link MetricsServer} (the edge serves them on its own HTTP port), until
 * Ctrl-C/SIGTERM ({@link CliContext#shutdown()}) or until the service stops on its own, which is a failure (exit 1).
 */
final class ServiceRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceRunner.class);
    /** How often the foreground loop checks that the service still runs. */
    private static final Duration WATCH_EVERY = Duration.ofMillis(500);

    private ServiceRunner() {
    }

    /**
     * Runs the service of {@code role} until asked to stop.
     *
     * @param defaultMetricsPort the {@code metrics.port} when none is configured; ignored for the edge
     * @return 0 after a requested stop
     * @throws DistillException when the service cannot start or stops on its own
     * @throws org.apache.kafka.common.config.ConfigException naming the key of a bad setting
     */
    static int run(final CommandSpec spec, final Pipeline.Role role, final int defaultMetricsPort)
        throws InterruptedException {
        final Distill distill = Distill.root(spec);
        final CliContext context = distill.context();
        final Map<String, String> config = distill.config();
        final boolean edge = role == Pipeline.Role.EDGE;
        final MetricsConfig metricsConfig = new MetricsConfig(config, edge ? MetricsConfig.DISABLED : defaultMetricsPort);
        final PrometheusRegistry registry = PrometheusRegistry.withJvmMetrics();
        try (Pipeline pipeline = Pipeline.create(config, context.clock(), List.of(role), registry);
             MetricsServer metrics = MetricsServer.start(metricsConfig, registry)) {
            pipeline.start();
            final PipelineService service = pipeline.services().get(0);
            printRunning(context.out(), role, config, pipeline, metrics);
            final Optional<String> failure = watch(context, pipeline);
            if (failure.isPresent()) {
                throw new DistillException(failure.get());
            }
            LOG.info("Stopping the {}", service.name());
        }
        context.out().println("distill " + role.serviceName() + ": stopped");
        context.out().flush();
        return 0;
    }

    /** Waits for a stop request; returns the service's failure if it stops on its own first. */
    private static Optional<String> watch(final CliContext context, final Pipeline pipeline) throws InterruptedException {
        while (!context.shutdown().await(WATCH_EVERY)) {
            final Optional<String> failure = pipeline.failure();
            if (failure.isPresent()) {
                return failure;
            }
        }
        return Optional.empty();
    }

    private static void printRunning(final PrintWriter out, final Pipeline.Role role, final Map<String, String> config,
                                     final Pipeline pipeline, final MetricsServer metrics) {
        out.println("distill " + role.serviceName() + ": running against " + config.get("bootstrap.servers")
            + " (Ctrl-C stops it)");
        pipeline.edge().ifPresent(edge -> {
            out.println("  recommendations  " + edge.url() + "/users/{userId}/recommendations");
            out.println("  health           " + edge.url() + "/health");
            out.println("  metrics          " + edge.url() + MetricsServer.PATH);
        });
        metrics.url().ifPresent(url -> out.println("  metrics          " + url));
        out.flush();
    }
}
