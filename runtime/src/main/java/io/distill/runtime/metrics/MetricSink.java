package io.distill.runtime.metrics;

import java.util.Map;

/**
 * Receives the samples of one scrape from a {@link MetricSource}. Samples of one metric family may arrive in any
 * order and from several sources: the registry groups them under one {@code # HELP}/{@code # TYPE} header.
 */
public interface MetricSink {
    /**
     * One sample.
     *
     * @param name   a valid Prometheus metric name ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}); a sample with an invalid
     *               name, or whose type differs from the family's first sample, is dropped
     * @param type   the family's type; counters should be named {@code ..._total}
     * @param help   the family's help text (the first non-empty one is kept), may be empty
     * @param labels label names ({@code [a-zA-Z_][a-zA-Z0-9_]*}, not starting with {@code __}) to values (any
     *               text, escaped on output), in output order; a repeated name+labels series is dropped
     * @param value  the value; NaN and infinities are written as {@code NaN}, {@code +Inf}, {@code -Inf}
     */
    void sample(String name, MetricType type, String help, Map<String, String> labels, double value);
}
