package io.distill.app.cli;

import io.distill.app.pipeline.Pipeline;
import io.distill.runtime.metrics.MetricsConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code distill edge}: the edge alone in the foreground, with the merged settings ({@code --config},
 * {@code DISTILL_*}, {@code --set}) and its Prometheus metrics on its own HTTP port, until Ctrl-C or SIGTERM. Exit codes
 * as the rest of the command line: 1 when it cannot start or stops on its own, 2 for a bad setting (naming the
 * key).
 */
@Command(name = "edge", sortOptions = false,
    description = {"Run the HTTP edge in the foreground: GET /users/{userId}/recommendations, /health and "
        + "Prometheus /metrics on edge.http.host:edge.http.port (default 127.0.0.1:8080).",
        "The edge serves its metrics on its HTTP port (GET /metrics)."})
public final class EdgeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        return ServiceRunner.run(spec, Pipeline.Role.EDGE, MetricsConfig.DISABLED);
    }
}
