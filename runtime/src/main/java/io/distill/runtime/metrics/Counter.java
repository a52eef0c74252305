package io.distill.runtime.metrics;

import java.util.concurrent.atomic.DoubleAdder;

/**
 * A counter owned by distill code, created by {@link PrometheusRegistry#counter(String, String)}: thread-safe,
 * lock-free increments ({@link DoubleAdder}), cheap enough for a per-event path. Closing it removes it from the
 * registry.
 */
public final class Counter implements MetricsRegistration {
    private final DoubleAdder total = new DoubleAdder();
    private volatile MetricsRegistration registration = () -> { };

    Counter() {
    }

    /** Adds one. */
    public void inc() {
        total.add(1);
    }

    /**
     * Adds {@code amount}.
     *
     * @throws IllegalArgumentException if {@code amount} is negative or NaN: a counter never goes down
     */
    public void inc(final double amount) {
        if (!(amount >= 0)) {
            throw new IllegalArgumentException("a counter only goes up; cannot add " + amount);
        }
        total.add(amount);
    }

    /** The total so far. */
    public double value() {
        return total.sum();
    }

    void registeredAs(final MetricsRegistration value) {
        this.registration = value;
    }

    @Override
    public void close() {
        registration.close();
    }
}
