package io.distill.app.bench;

import java.util.Arrays;

/**
 * The few statistics a benchmark report needs: medians of repeated measurements and nearest-rank percentiles of
 * latencies. Pure functions; the inputs are never modified.
 */
public final class Stats {
    private Stats() {
    }

    /**
     * The median: the middle value, or the mean of the two middle values of an even count.
     *
     * @throws IllegalArgumentException when {@code values} is empty or holds NaN
     */
    public static double median(final double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("the median of no values is undefined");
        }
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        if (Double.isNaN(sorted[sorted.length - 1])) {
            throw new IllegalArgumentException("the median of values with NaN is undefined: " + Arrays.toString(values));
        }
        final int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** The smallest value; {@code values} must not be empty. */
    public static double min(final double... values) {
        return Arrays.stream(nonEmpty(values)).min().orElseThrow();
    }

    /** The largest value; {@code values} must not be empty. */
    public static double max(final double... values) {
        return Arrays.stream(nonEmpty(values)).max().orElseThrow();
    }

    /**
     * The nearest-rank percentile: the smallest value such that at least {@code fraction} of the values are at or
     * below it ({@code 0.5} the median's lower neighbour for an even count, {@code 0.99} the p99, {@code 1} the max).
     *
     * @param values   any order
     * @param fraction in (0, 1]
     * @throws IllegalArgumentException when {@code values} is empty or {@code fraction} is out of range
     */
    public static long percentile(final long[] values, final double fraction) {
        if (values.length == 0) {
            throw new IllegalArgumentException("a percentile of no values is undefined");
        }
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
        }
        final long[] sorted = values.clone();
        Arrays.sort(sorted);
        // 1-based rank ceil(fraction * n); the epsilon keeps 0.99 * 100 from becoming rank 100 through rounding
        final int rank = (int) Math.ceil(fraction * sorted.length - 1e-9);
        return sorted[Math.max(1, rank) - 1];
    }

    private static double[] nonEmpty(final double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        return values;
    }
}
