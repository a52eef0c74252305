package io.distill.runtime.metrics;

/** The metric types of the Prometheus text format that distill emits. */
public enum MetricType {
    /** A value that can go up and down. */
    GAUGE("gauge"),
    /** A monotonically increasing total; by convention its name ends in {@code _total}. */
    COUNTER("counter");

    private final String text;

    MetricType(final String text) {
        this.text = text;
    }

    /** The word on the {@code # TYPE} line. */
    public String text() {
        return text;
    }
}
