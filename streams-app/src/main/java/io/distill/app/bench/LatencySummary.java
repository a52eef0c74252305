package io.distill.app.bench;

/**
 * The paced runs of a benchmark, as medians over rounds.
 *
 * @param rounds            how many paced runs
 * @param targetRate        events per second published
 * @param pipelineFraction  the target rate as a fraction of the median full-pipeline throughput of the same run; NaN
 *                          without one
 * @param events            events per run
 * @param generatedP50      median over rounds of the p50 of generatedAt − sent, ms
 * @param generatedP99      the same for p99
 * @param generatedMax      the same for the maximum
 * @param visibleP50        median over rounds of the p50 of received (read_committed) − sent, ms
 * @param visibleP99        the same for p99
 * @param visibleMax        the same for the maximum
 */
public record LatencySummary(int rounds, double targetRate, double pipelineFraction, long events, double generatedP50,
                             double generatedP99, double generatedMax, double visibleP50, double visibleP99,
                             double visibleMax) {
}
