package io.distill.app.cli;

import io.distill.app.pipeline.Pipeline;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code distill ingest}: the ingest alone in the foreground, with the merged settings ({@code --config},
 * {@code DISTILL_*}, {@code --set}) and Prometheus metrics on {@code metrics.port} (default
 * {@value #DEFAULT_METRICS_PORT}), until Ctrl-C or SIGTERM. Exit codes as the rest of the command line: 1 when it cannot
 * start or stops on its own, 2 for a bad setting (naming the key).
 */
@Command(name = "ingest", sortOptions = false,
    description = {"Run the ingest in the foreground: validate, de-duplicate and dead-letter the interactions topic "
        + "into interactions-valid and interactions-dlq (Kafka Streams, exactly-once).",
        "Prometheus metrics: GET http://127.0.0.1:9403/metrics (metrics.host, metrics.port; -1 serves none)."})
public final class IngestCommand implements Callable<Integer> {
    /** Where the ingest serves Prometheus metrics unless {@code metrics.port} says otherwise. */
    public static final int DEFAULT_METRICS_PORT = 9403;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        return ServiceRunner.run(spec, Pipeline.Role.INGEST, DEFAULT_METRICS_PORT);
    }
}
