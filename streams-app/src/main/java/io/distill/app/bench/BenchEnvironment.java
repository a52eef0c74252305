package io.distill.app.bench;

import java.time.Instant;
import java.util.Objects;

/**
 * What a benchmark ran on and with, printed above its tables: absolute figures mean little without it.
 *
 * @param started        when the run started
 * @param broker         which cluster, e.g. "local stack at 127.0.0.1:40123 (temporary directory)"
 * @param events         synthetic interactions per backlog
 * @param users          synthetic users
 * @param items          synthetic items
 * @param seed           seed of the synthetic stream
 * @param partitions     partitions of every topic the run creates
 * @param commitInterval Kafka Streams' {@code commit.interval.ms} in force, with where it came from
 * @param student        the student's settings that drive its cost
 * @param teacher        the teacher's settings that drive its cost
 * @param java           JVM name and version
 * @param cores          processors available to the JVM
 * @param loadBefore     1-minute load average at the start; NaN where unknown
 * @param loadAfter      1-minute load average at the end; NaN where unknown or not yet known
 */
public record BenchEnvironment(Instant started, String broker, long events, int users, int items, long seed, int partitions,
                               String commitInterval, String student, String teacher, String java, int cores,
                               double loadBefore, double loadAfter) {

    public BenchEnvironment {
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(commitInterval, "commitInterval");
        Objects.requireNonNull(student, "student");
        Objects.requireNonNull(teacher, "teacher");
        Objects.requireNonNull(java, "java");
    }

    /** This environment with the load average at the end. */
    public BenchEnvironment withLoadAfter(final double value) {
        return new BenchEnvironment(started, broker, events, users, items, seed, partitions, commitInterval, student, teacher,
            java, cores, loadBefore, value);
    }
}
