package io.distill.app.bench;

/**
 * Percentiles of a set of latencies, in milliseconds.
 *
 * @param count how many latencies
 * @param p50   nearest-rank median
 * @param p99   nearest-rank 99th percentile
 * @param max   the largest
 */
public record Percentiles(long count, long p50, long p99, long max) {

    /** The percentiles of {@code millis}, which must not be empty. */
    public static Percentiles of(final long[] millis) {
        return new Percentiles(millis.length, Stats.percentile(millis, 0.5), Stats.percentile(millis, 0.99),
            Stats.percentile(millis, 1.0));
    }
}
