package io.distill.runtime.metrics;

/** A source or metric added to a {@link PrometheusRegistry}; closing it removes it from later scrapes. Idempotent. */
@FunctionalInterface
public interface MetricsRegistration extends AutoCloseable {
    @Override
    void close();
}
