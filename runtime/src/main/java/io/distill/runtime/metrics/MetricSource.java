package io.distill.runtime.metrics;

/**
 * Something that reports metrics on every scrape, e.g. {@link KafkaMetricsSource} or {@link JvmMetrics}. Called
 * on the scraping thread, concurrently with the process's own threads: read only thread-safe state. An exception
 * drops this source from that one scrape (the others are still written).
 */
@FunctionalInterface
public interface MetricSource {
    /** Reports the current samples. */
    void collect(MetricSink sink);
}
