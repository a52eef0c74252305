package io.distill.app.cli;

import io.distill.app.pipeline.Pipeline;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code distill student}: the student alone in the foreground, with the merged settings ({@code --config},
 * {@code DISTILL_*}, {@code --set}) and Prometheus metrics on {@code metrics.port} (default
 * {@value #DEFAULT_METRICS_PORT}), until Ctrl-C or SIGTERM. Exit codes as the rest of the command line: 1 when it cannot
 * start or stops on its own, 2 for a bad setting (naming the key).
 */
@Command(name = "student", sortOptions = false,
    description = {"Run the student in the foreground: distil soft labels into the student model and publish "
        + "recommendations and distill-metrics (Kafka Streams, exactly-once).",
        "Prometheus metrics: GET http://127.0.0.1:9402/metrics (metrics.host, metrics.port; -1 serves none)."})
public final class StudentCommand implements Callable<Integer> {
    /** Where the student serves Prometheus metrics unless {@code metrics.port} says otherwise. */
    public static final int DEFAULT_METRICS_PORT = 9402;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        return ServiceRunner.run(spec, Pipeline.Role.STUDENT, DEFAULT_METRICS_PORT);
    }
}
