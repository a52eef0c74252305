package io.distill.app.bench;

/**
 * A stage over every round of a run.
 *
 * @param stage               the stage
 * @param rounds              how many measurements
 * @param eventsPerSecond     median events per second
 * @param minEventsPerSecond  slowest round
 * @param maxEventsPerSecond  fastest round
 * @param ratioToPassThrough  median over rounds of (this stage's events/s ÷ the pass-through's in the same round): how
 *                            much of a no-op Kafka Streams application's throughput the stage keeps
 * @param microsPerEvent      1e6 ÷ the median events per second
 * @param firstOutputSeconds  median seconds from start to the first output record
 */
public record StageSummary(BenchStage stage, int rounds, double eventsPerSecond, double minEventsPerSecond,
                           double maxEventsPerSecond, double ratioToPassThrough, double microsPerEvent,
                           double firstOutputSeconds) {
}
